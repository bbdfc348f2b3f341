#include "http/api.h"

namespace roi::http {

Api::Api(ApiDependencies dependencies) : dependencies_(std::move(dependencies)) {
  AddSystemRoutes(router_, dependencies_.store, dependencies_.version, metrics_);
  metrics_ = std::make_unique<HttpMetrics>(router_);
}

}  // namespace roi::http
