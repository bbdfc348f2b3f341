// Internal to roi_storage_sqlite: a fixed-size pool of Connections to one database file.  A
// connection is opened lazily when none is idle and fewer than `size` exist; callers beyond that
// wait for one to be returned.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/sqlite/connection.h"

namespace roi::sqlite {

// Thread-safe.
class ConnectionPool {
 public:
  // A connection on loan.  Returns it to the pool on destruction unless Discard() was called.
  // Must not outlive the pool.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // Closes the connection instead of returning it (its state is unknown, e.g. a failed
    // ROLLBACK); the pool opens a fresh one when needed.
    void Discard();

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // `first` is an already-open connection (the factory opens one to check the path).
  ConnectionPool(std::string path, int size, int busy_timeout_ms, std::unique_ptr<Connection> first,
                 bool full_sync = false);

  // Waits for an idle connection or opens a new one.  Returns Unavailable if opening fails.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> connection);

  const std::string path_;
  const int size_;
  const int busy_timeout_ms_;
  const bool full_sync_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
  int open_ = 0;                                   // Guarded by mu_: idle plus on loan.
};

}  // namespace roi::sqlite
