#include "protocol/index_parameters.h"

#include <doctest/doctest.h>

using namespace ddb;

using Names = std::vector<std::string>;

TEST_CASE("attribute lists in CreateTable messages follow Java HashSet iteration order") {
  // The four lists captured from real DynamoDB errors (docs/index-messages.md §3).
  CHECK(JavaHashSetOrder({"pk", "sk", "a", "b", "c"}, 5) == Names{"sk", "a", "b", "pk", "c"});
  CHECK(JavaHashSetOrder({"pk", "sk", "a"}, 16) == Names{"a", "sk", "pk"});
  CHECK(JavaHashSetOrder({"date", "from", "to", "message", "requestId"}, 5) ==
        Names{"date", "from", "to", "message", "requestId"});
  CHECK(JavaHashSetOrder({"requestId", "from", "to"}, 16) == Names{"requestId", "from", "to"});
  CHECK(JavaHashSetOrder({"my-string", "my-int", "my-hash"}, 3) == Names{"my-string", "my-int", "my-hash"});
  CHECK(JavaHashSetOrder({"my-hash", "my-string", "my-string"}, 16) == Names{"my-hash", "my-string"});
  CHECK(JavaHashSetOrder({"pk", "sk"}, 2) == Names{"sk", "pk"});
}
