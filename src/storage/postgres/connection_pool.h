// Internal to roi_storage_postgres: a fixed-size pool of libpqxx connections.  Connections open
// lazily; one found closed (the server went away or restarted) is replaced on its next use, and
// one that breaks while on loan is dropped when returned.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "base/result.h"

namespace roi::postgres {

// Opens a connection to `url` and registers every prepared statement on it (statements.cc).
// Returns Unavailable if the server cannot be reached.
Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& url);

// Thread-safe.
class ConnectionPool {
 public:
  // A connection on loan.  Returns it to the pool on destruction if it is still open.  Must not
  // outlive the pool.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<pqxx::connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    pqxx::connection& operator*() const { return *connection_; }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<pqxx::connection> connection_;
  };

  // `first` is an already-open connection (the factory opens one to check the server).
  ConnectionPool(std::string url, int size, std::unique_ptr<pqxx::connection> first);

  // Waits for an idle connection or opens a new one; replaces an idle one that has closed.
  // Returns Unavailable if a needed connection cannot be opened.
  Result<Lease> Acquire();
  // The most connections this pool opens.
  int Size() const { return size_; }

 private:
  void Release(std::unique_ptr<pqxx::connection> connection);

  const std::string url_;
  const int size_;
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // Guarded by mu_.
  int open_ = 0;                                         // Guarded by mu_: idle plus on loan.
};

}  // namespace roi::postgres
