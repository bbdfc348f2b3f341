#include "storage/postgres/connection_pool.h"

#include <utility>

#include "storage/postgres/statements.h"

namespace roi::postgres {
namespace {

// libpq's reason for a failed connection, first line only: it names host and port, never the
// password or any record.
std::string FirstLine(const char* text) {
  std::string line(text);
  std::size_t end = line.find('\n');
  if (end != std::string::npos) line.resize(end);
  return line;
}

}  // namespace

Result<std::unique_ptr<pqxx::connection>> Connect(const std::string& url) {
  try {
    auto connection = std::make_unique<pqxx::connection>(url);
    for (const PreparedStatement& statement : PreparedStatements()) {
      connection->prepare(std::string(statement.name), std::string(statement.sql));
    }
    return connection;
  } catch (const pqxx::broken_connection& error) {
    return UnavailableError("cannot connect to PostgreSQL: " + FirstLine(error.what()));
  } catch (const std::exception& error) {
    return UnavailableError("cannot connect to PostgreSQL: " + FirstLine(error.what()));
  }
}

ConnectionPool::Lease::~Lease() {
  if (pool_ == nullptr || connection_ == nullptr) return;
  if (!connection_->is_open()) connection_.reset();  // Broken while on loan: drop it.
  pool_->Release(std::move(connection_));
}

ConnectionPool::ConnectionPool(std::string url, int size, std::unique_ptr<pqxx::connection> first)
    : url_(std::move(url)), size_(size < 1 ? 1 : size) {
  if (first != nullptr) {
    idle_.push_back(std::move(first));
    open_ = 1;
  }
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  available_.wait(lock, [this] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    std::unique_ptr<pqxx::connection> connection = std::move(idle_.back());
    idle_.pop_back();
    if (connection->is_open()) return Lease(*this, std::move(connection));
    // Closed while idle: fall through and open a replacement in its slot.
  } else {
    ++open_;
  }
  lock.unlock();
  Result<std::unique_ptr<pqxx::connection>> opened = Connect(url_);
  if (!opened) {
    Release(nullptr);
    return opened.error();
  }
  return Lease(*this, std::move(*opened));
}

void ConnectionPool::Release(std::unique_ptr<pqxx::connection> connection) {
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

}  // namespace roi::postgres
