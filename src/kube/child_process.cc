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

Expected<ChildProcessResult> run_child_process(const ChildProcessSpec& spec) {
  if (spec.argv.empty()) {
    return Error{"no program to run", ""};
  }
  const std::string& program = spec.argv.front();
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Error{std::string("cannot create a pipe: ") + std::strerror(errno), program};
  }
  Descriptor read_end(pipe_fds[0]);
  Descriptor write_end(pipe_fds[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), STDOUT_FILENO);
  if (!spec.inherit_stdin) {
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  std::vector<std::string> environment = merged_environment(spec.extra_env);
  std::vector<char*> env_pointers;
  for (std::string& entry : environment) {
    env_pointers.push_back(entry.data());
  }
  env_pointers.push_back(nullptr);
  std::vector<std::string> arguments = spec.argv;
  std::vector<char*> arg_pointers;
  for (std::string& argument : arguments) {
    arg_pointers.push_back(argument.data());
  }
  arg_pointers.push_back(nullptr);

  pid_t pid = 0;
  int spawned = ::posix_spawnp(&pid, program.c_str(), &actions, nullptr, arg_pointers.data(),
                               env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return Error{std::string("cannot run: ") + std::strerror(spawned), program};
  }
  write_end.reset();

  ChildProcessResult result;
  auto deadline = spec.timeout ? std::chrono::steady_clock::now() + *spec.timeout
                               : std::chrono::steady_clock::time_point::max();
  char buffer[4096];
  while (true) {
    int wait_ms = -1;
    if (spec.timeout) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(pid, SIGKILL);
        wait_for(pid);
        auto limit = spec.timeout->count();
        std::string shown =
            limit < 1000 ? std::to_string(limit) + " ms" : std::to_string(limit / 1000) + " s";
        return Error{"timed out after " + shown + "; it may be waiting for input it cannot get",
                     program};
      }
      wait_ms = static_cast<int>(left.count());
    }
    pollfd poll_fd{read_end.get(), POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready == 0) {
      continue;  // the deadline check above ends it
    }
    ssize_t count = ::read(read_end.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      break;
    }
    result.output.append(buffer, static_cast<std::size_t>(count));
    if (result.output.size() > spec.max_output_bytes) {
      ::kill(pid, SIGKILL);
      wait_for(pid);
      return Error{
          "wrote more than " + std::to_string(spec.max_output_bytes) + " bytes to standard output",
          program};
    }
  }
  result.exit_code = wait_for(pid);
  return result;
}

}  // namespace kexit::kube
