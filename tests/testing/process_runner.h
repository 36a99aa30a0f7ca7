#pragma once
// Running a child program from a test (kexit, kubectl, a shell line) with a deadline: captured
// stdout and stderr, stdin from /dev/null, and the child's process group killed when the
// deadline passes, so a test never hangs on it. The child gets no descriptor but those three:
// a daemon that kept another child's pipe open would keep that child's reader from ever
// seeing the end of its output.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace kexit::testing_support {

struct ProcessResult {
  int exit_code = -1;  // 128 + the signal's number when a signal ended the program
  std::string out;
  std::string err;
  bool timed_out = false;
};
// The name the CLI tests' runner gave its result.
using CommandOutput = ProcessResult;

class Process {
 public:
  // Runs `argv` (argv[0] a path) with exactly the environment `env`.
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    start(argv, &env);
  }
  // Runs `argv` with the test's own environment.
  explicit Process(const std::vector<std::string>& argv) { start(argv, nullptr); }

  ~Process() {
    if (pid_ > 0 && !reaped_) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close_if_open(out_fd_);
    close_if_open(err_fd_);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Reads what is available, waiting up to `wait`; false once both pipes are closed.
  bool pump(std::chrono::milliseconds wait) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    if (out_fd_ < 0 && err_fd_ < 0) {
      return false;
    }
    if (poll(fds, 2, static_cast<int>(wait.count())) <= 0) {
      return true;
    }
    for (int i = 0; i < 2; ++i) {
      int& fd = i == 0 ? out_fd_ : err_fd_;
      if (fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
        continue;
      }
      char buffer[8192];
      ssize_t n = read(fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? result_.out : result_.err).append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0) {
        close_if_open(fd);
      }
    }
    return out_fd_ >= 0 || err_fd_ >= 0;
  }

  // Waits until stdout contains `needle`; false at the deadline or when the program ends.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
    return wait_until([&] { return result_.out.find(needle) != std::string::npos; }, timeout);
  }

  // Waits until stdout holds a whole line (newline included) containing `needle`: a program
  // may write a table row in pieces, and ending it after the first piece would cut the row.
  bool wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
    return wait_until(
        [&] {
          std::size_t found = result_.out.find(needle);
          while (found != std::string::npos) {
            if (result_.out.find('\n', found) != std::string::npos) {
              return true;
            }
            found = result_.out.find(needle, found + 1);
          }
          return false;
        },
        timeout);
  }

  // Waits for the exit (killing the group at the deadline) and returns everything.
  ProcessResult finish(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (pump(std::chrono::milliseconds(50))) {
      if (std::chrono::steady_clock::now() >= deadline) {
        result_.timed_out = true;
        kill(-pid_, SIGKILL);
        break;
      }
    }
    reap();
    return result_;
  }

  // Ends the program (SIGTERM, or `signal_number`: SIGINT is Ctrl-C on `kubectl get -w`) and
  // returns its output.
  ProcessResult terminate(int signal_number = SIGTERM) {
    kill(-pid_, signal_number);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pump(std::chrono::milliseconds(50)) && std::chrono::steady_clock::now() < deadline) {
    }
    kill(-pid_, SIGKILL);
    reap();
    return result_;
  }

  const std::string& out() const { return result_.out; }
  const std::string& err() const { return result_.err; }
  // The child's process id (a program run with `sh -c "exec ..."` keeps the shell's): for
  // reading its /proc entries while it runs.
  pid_t pid() const { return pid_; }

 private:
  void start(const std::vector<std::string>& argv, const std::map<std::string, std::string>* env) {
    int out_pipe[2];
    int err_pipe[2];
    // Close-on-exec from the start: another thread of the test may fork between pipe2() and
    // the parent's close() of the write ends below.
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
      return;
    }
    pid_ = fork();
    if (pid_ == 0) {
      exec_child(argv, env, out_pipe, err_pipe);
    }
    setpgid(pid_, pid_);
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    fcntl(out_fd_, F_SETFL, O_NONBLOCK);
    fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  }

  // In the child: its own process group (so a deadline kills what it started too), the pipes
  // as stdout and stderr, then exec; 127 when the program cannot be run, as a shell says.
  [[noreturn]] static void exec_child(const std::vector<std::string>& argv,
                                      const std::map<std::string, std::string>* env,
                                      int out_pipe[2], int err_pipe[2]) {
    setpgid(0, 0);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
    dup2(null, STDIN_FILENO);
    close_inherited_descriptors();
    std::vector<char*> args;
    for (const auto& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    if (env == nullptr) {
      execv(args[0], args.data());
      _exit(127);
    }
    std::vector<std::string> environment;
    for (const auto& [key, value] : *env) {
      environment.push_back(key + "=" + value);
    }
    std::vector<char*> envp;
    for (auto& entry : environment) {
      envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    execve(args[0], args.data(), envp.data());
    _exit(127);
  }

  // In the child, after the dup2()s: every descriptor above stderr, whoever opened it without
  // close-on-exec (the test's own pipes and sockets, a descriptor ctest or a shell passed in).
  static void close_inherited_descriptors() {
    if (close_range(3, ~0U, 0) == 0) {
      return;
    }
    // A kernel before 5.9 has no close_range.
    long limit = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (limit > 0 && limit < 65536 ? limit : 65536); ++fd) {
      close(fd);
    }
  }

  template <typename Condition>
  bool wait_until(Condition condition, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
      if (std::chrono::steady_clock::now() >= deadline || !pump(std::chrono::milliseconds(50))) {
        return condition();
      }
    }
    return true;
  }

  void reap() {
    if (reaped_ || pid_ <= 0) {
      return;
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  static void close_if_open(int& fd) {
    if (fd >= 0) {
      close(fd);
      fd = -1;
    }
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  ProcessResult result_;
};

// Generous: kexit under a loaded ctest run is slow, and only a hung command reaches it.
inline constexpr std::chrono::milliseconds kCommandDeadline{300'000};

// Runs `command` with `sh -c` and the test's environment, as a user's shell would.
inline ProcessResult run_command(const std::string& command,
                                 std::chrono::milliseconds deadline = kCommandDeadline) {
  return Process({"/bin/sh", "-c", command}).finish(deadline);
}

}  // namespace kexit::testing_support

// The names the fidelity tests' copy had, so tests written against it still compile.
namespace kexit::fidelity {
using testing_support::Process;
using testing_support::ProcessResult;
}  // namespace kexit::fidelity
