#include "kube/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace kexit::kube {
namespace {

// Closes a descriptor when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd = -1) : fd_(fd) {}
  ~Descriptor() { reset(); }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

 private:
  int fd_;
};

std::vector<std::string> merged_environment(
    const std::vector<std::pair<std::string, std::string>>& extra) {
  std::map<std::string, std::string> overrides(extra.begin(), extra.end());
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string text(*entry);
    std::string name = text.substr(0, text.find('='));
    if (overrides.count(name) == 0) {
      entries.push_back(std::move(text));
    }
  }
  for (const auto& [name, value] : overrides) {
    entries.push_back(name + "=" + value);
  }
  return entries;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

}  // namespace

namespace {

// argv/envp for posix_spawn: pointers into `strings`, ending with nullptr.
std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (std::string& entry : strings) {
    pointers.push_back(entry.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

// Starts the program with its standard output on `stdout_fd` (and stdin on /dev/null unless
// the spec inherits it).
Expected<pid_t> spawn(const ChildProcessSpec& spec, int stdout_fd) {
  const std::string& program = spec.argv.front();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  if (!spec.inherit_stdin) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  std::vector<std::string> environment = merged_environment(spec.extra_env);
  std::vector<char*> env_pointers = pointers_to(environment);
  std::vector<std::string> arguments = spec.argv;
  std::vector<char*> arg_pointers = pointers_to(arguments);

  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, arg_pointers.data(),
                               env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return Error{std::string("cannot run: ") + std::strerror(spawned), program};
  }
  return pid;
}

// Kills a child that ran out of time or wrote too much, and reaps it.
Error stop_child(pid_t pid, const std::string& why, const std::string& program) {
  ::kill(pid, SIGKILL);
  wait_for(pid);
  return Error{why, program};
}

std::string shown_timeout(std::chrono::milliseconds timeout) {
  auto limit = timeout.count();
  return limit < 1000 ? std::to_string(limit) + " ms" : std::to_string(limit / 1000) + " s";
}

// Reads the child's standard output until it closes, within the spec's time and size limits.
Status read_output(pid_t pid, int read_fd, const ChildProcessSpec& spec, std::string& output) {
  const std::string& program = spec.argv.front();
  auto deadline = spec.timeout ? std::chrono::steady_clock::now() + *spec.timeout
                               : std::chrono::steady_clock::time_point::max();
  char buffer[4096];
  while (true) {
    int wait_ms = -1;
    if (spec.timeout) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return stop_child(pid,
                          "timed out after " + shown_timeout(*spec.timeout) +
                              "; it may be waiting for input it cannot get",
                          program);
      }
      wait_ms = static_cast<int>(left.count());
    }
    pollfd poll_fd{read_fd, POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready == 0) {
      continue;  // the deadline check above ends it
    }
    ssize_t count = ::read(read_fd, buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      return ok_status();
    }
    output.append(buffer, static_cast<std::size_t>(count));
    if (output.size() > spec.max_output_bytes) {
      return stop_child(
          pid,
          "wrote more than " + std::to_string(spec.max_output_bytes) + " bytes to standard output",
          program);
    }
  }
}

}  // namespace

Expected<ChildProcessResult> run_child_process(const ChildProcessSpec& spec) {
  if (spec.argv.empty()) {
    return Error{"no program to run"};
  }
  const std::string& program = spec.argv.front();
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Error{std::string("cannot create a pipe: ") + std::strerror(errno), program};
  }
  Descriptor read_end(pipe_fds[0]);
  Descriptor write_end(pipe_fds[1]);
  KEXIT_ASSIGN(pid, spawn(spec, write_end.get()));
  write_end.reset();

  ChildProcessResult result;
  KEXIT_CHECK(read_output(pid, read_end.get(), spec, result.output));
  result.exit_code = wait_for(pid);
  return result;
}

}  // namespace kexit::kube
