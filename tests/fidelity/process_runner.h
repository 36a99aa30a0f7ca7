#pragma once
// Running a program (kubectl) from a test with a deadline: captured stdout/stderr, a clean
// environment, and the process group killed when the deadline passes, so a test never hangs.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace kexit::fidelity {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool timed_out = false;
};

class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
      return;
    }
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);
      dup2(out_pipe[1], STDOUT_FILENO);
      dup2(err_pipe[1], STDERR_FILENO);
      int null = open("/dev/null", O_RDONLY);
      dup2(null, STDIN_FILENO);
      close(out_pipe[0]);
      close(err_pipe[0]);
      std::vector<std::string> environment;
      for (const auto& [key, value] : env) {
        environment.push_back(key + "=" + value);
      }
      std::vector<char*> args;
      for (const auto& arg : argv) {
        args.push_back(const_cast<char*>(arg.c_str()));
      }
      args.push_back(nullptr);
      std::vector<char*> envp;
      for (auto& entry : environment) {
        envp.push_back(entry.data());
      }
      envp.push_back(nullptr);
      execve(args[0], args.data(), envp.data());
      _exit(127);
    }
    setpgid(pid_, pid_);
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
    fcntl(out_fd_, F_SETFL, O_NONBLOCK);
    fcntl(err_fd_, F_SETFL, O_NONBLOCK);
  }

  ~Process() {
    if (pid_ > 0 && !reaped_) {
      kill(-pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) {
      close(out_fd_);
    }
    if (err_fd_ >= 0) {
      close(err_fd_);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Reads what is available, waiting up to `wait`; false once both pipes are closed.
  bool pump(std::chrono::milliseconds wait) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    int open_count = (out_fd_ >= 0) + (err_fd_ >= 0);
    if (open_count == 0) {
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
        close(fd);
        fd = -1;
      }
    }
    return out_fd_ >= 0 || err_fd_ >= 0;
  }

  // Waits until stdout contains `needle`; false at the deadline or when the program ends.
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (result_.out.find(needle) == std::string::npos) {
      if (std::chrono::steady_clock::now() >= deadline || !pump(std::chrono::milliseconds(50))) {
        return result_.out.find(needle) != std::string::npos;
      }
    }
    return true;
  }

  // Waits until stdout holds a whole line (newline included) containing `needle`: a program
  // may write a table row in pieces, and ending it after the first piece would cut the row.
  bool wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto has_line = [&] {
      std::size_t found = result_.out.find(needle);
      while (found != std::string::npos) {
        if (result_.out.find('\n', found) != std::string::npos) {
          return true;
        }
        found = result_.out.find(needle, found + 1);
      }
      return false;
    };
    while (!has_line()) {
      if (std::chrono::steady_clock::now() >= deadline || !pump(std::chrono::milliseconds(50))) {
        return has_line();
      }
    }
    return true;
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

  // Ends the program (SIGTERM, like Ctrl-C on `kubectl get -w`) and returns its output.
  ProcessResult terminate() {
    kill(-pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (pump(std::chrono::milliseconds(50)) && std::chrono::steady_clock::now() < deadline) {
    }
    kill(-pid_, SIGKILL);
    reap();
    return result_;
  }

  const std::string& out() const { return result_.out; }

 private:
  void reap() {
    if (reaped_ || pid_ <= 0) {
      return;
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    result_.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  ProcessResult result_;
};

}  // namespace kexit::fidelity
