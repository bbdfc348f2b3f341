#include "http/api.h"

namespace roi::http {

Api::Api(ApiDependencies dependencies) : dependencies_(std::move(dependencies)) {
  AddSystemRoutes(router_, dependencies_.store, dependencies_.version, metrics_);
  if (dependencies_.rules != nullptr) AddPolicyRoutes(router_, *dependencies_.rules);
  metrics_ = std::make_unique<HttpMetrics>(router_);
}

}  // namespace roi::http
