#include "storage/sqlite/connection_pool.h"

#include <utility>

namespace roi::sqlite {

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && connection_ != nullptr) pool_->Release(std::move(connection_));
}

void ConnectionPool::Lease::Discard() {
  if (connection_ == nullptr) return;
  connection_.reset();
  pool_->Release(nullptr);
}

ConnectionPool::ConnectionPool(std::string path, int size, int busy_timeout_ms,
                               std::unique_ptr<Connection> first, bool full_sync)
    : path_(std::move(path)),
      size_(size < 1 ? 1 : size),
      busy_timeout_ms_(busy_timeout_ms),
      full_sync_(full_sync) {
  if (first != nullptr) {
    idle_.push_back(std::move(first));
    open_ = 1;
  }
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    std::unique_ptr<Connection> connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  Result<std::unique_ptr<Connection>> opened =
      Connection::Open(path_, busy_timeout_ms_, full_sync_);
  if (!opened) {
    Release(nullptr);
    return opened.error();
  }
  return Lease(*this, std::move(*opened));
}

void ConnectionPool::Release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (connection != nullptr) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  available_.notify_one();
}

}  // namespace roi::sqlite
