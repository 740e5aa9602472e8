#include "emulator/admin_guard.h"

#include <doctest/doctest.h>

using namespace ddb;

TEST_CASE("loopback hosts are localhost, 127.0.0.0/8 and ::1, with or without a port") {
  for (const char* host :
       {"localhost", "LOCALHOST:8000", "127.0.0.1", "127.0.0.1:8000", "127.1.2.3:1", "[::1]", "[::1]:8000", "::1"}) {
    CHECK_MESSAGE(IsLoopbackHost(host), host);
  }
  for (const char* host : {"", "0.0.0.0", "10.0.0.1:8000", "attacker.example", "localhost.attacker.example",
                           "127.0.0.1.attacker.example", "[::2]:8000", "[::1"}) {
    CHECK_FALSE_MESSAGE(IsLoopbackHost(host), host);
  }
}

TEST_CASE("admin requests: loopback Host, no foreign Origin, JSON for state changes") {
  auto check = [](AdminRequestHeaders h, bool any_host = false) {
    auto refusal = CheckAdminRequest(h, any_host);
    return refusal ? refusal->status : 0;
  };
  CHECK(check({"GET", "localhost:8000", "", ""}) == 0);
  CHECK(check({"POST", "127.0.0.1:8000", "", "application/json; charset=utf-8"}) == 0);
  CHECK(check({"POST", "127.0.0.1:8000", "http://localhost:3000", "Application/JSON"}) == 0);
  CHECK(check({"POST", "127.0.0.1:8000", "", "text/plain"}) == 415);
  CHECK(check({"PUT", "127.0.0.1:8000", "", ""}) == 415);
  CHECK(check({"GET", "127.0.0.1:8000", "https://attacker.example", ""}) == 403);
  CHECK(check({"GET", "127.0.0.1:8000", "null", ""}) == 403);
  CHECK(check({"GET", "attacker.example", "", ""}) == 403);
  CHECK(check({"GET", "", "", ""}) == 403);
  CHECK(check({"GET", "ddbemu:8000", "", ""}, /*any_host=*/true) == 0);
  CHECK(check({"GET", "ddbemu:8000", "http://attacker.example", ""}, /*any_host=*/true) == 403);
}
