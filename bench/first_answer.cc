// ddbemu-first-answer: how long a server takes from being spawned to
// answering its first DynamoDB request (ListTables) with 200.
//
//   ddbemu-first-answer --port 8000 [--cwd DIR] -- command args...
//
// It spawns the command, tries to connect every 100 microseconds (sleeping in
// between, so the poller does not steal a core from the starting server),
// sends ListTables on the first connection that opens, and prints the
// seconds from spawn to a complete 200 status line. Then it stops the server
// (SIGTERM, and SIGKILL after 10 s). Exits 1 if no answer came within 120 s.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

// True when the server answered ListTables with 200 on a fresh connection.
bool Answers(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request =
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
        "X-Amz-Target: DynamoDB_20120810.ListTables\r\nAuthorization: AWS4-HMAC-SHA256 "
        "Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0\r\n"
        "Content-Length: 2\r\n\r\n{}";
    char status[13] = {};
    std::size_t got = 0;
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      while (got < 12) {
        const ssize_t n = read(fd, status + got, 12 - got);
        if (n <= 0) break;
        got += static_cast<std::size_t>(n);
      }
    }
    ok = got == 12 && std::strncmp(status, "HTTP/1.1 200", 12) == 0;
  }
  close(fd);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0;
  std::string cwd;
  int i = 1;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; i += 2) {
    if (i + 1 >= argc) return 2;
    if (std::strcmp(argv[i], "--port") == 0)
      port = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--cwd") == 0)
      cwd = argv[i + 1];
    else
      return 2;
  }
  if (port == 0 || i + 1 >= argc) {
    std::fprintf(stderr, "usage: ddbemu-first-answer --port N [--cwd DIR] -- command args...\n");
    return 2;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const auto began = Clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[i + 1], &actions, nullptr, argv + i + 1, environ) != 0) {
    std::perror("spawn");
    return 1;
  }
  double seconds = -1;
  while (Clock::now() - began < std::chrono::seconds(120)) {
    if (Answers(port)) {
      seconds = std::chrono::duration<double>(Clock::now() - began).count();
      break;
    }
    if (waitpid(pid, nullptr, WNOHANG) == pid) break;  // it exited
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  kill(pid, SIGTERM);
  for (int waited = 0; waitpid(pid, nullptr, WNOHANG) == 0; ++waited) {
    if (waited == 1000) kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (seconds < 0) return 1;
  std::printf("%.6f\n", seconds);
  return 0;
}
