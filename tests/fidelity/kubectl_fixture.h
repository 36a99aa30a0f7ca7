#pragma once
// KubectlAgainstKubesim: a fixture that runs one real kubectl binary (the test parameter)
// against the tests' kubesim (KubesimFixture) over TLS, as the admin, in a private HOME and
// cache directory. kubesim keeps wall-clock time: kubectl prints ages against its own clock.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kubectl_binaries.h"
#include "testing/kubesim_fixture.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {

// "kubectl_1_33" for ctest names; "none" when no kubectl was found.
inline std::string parameter_name(const ::testing::TestParamInfo<std::string>& info) {
  if (info.param.empty()) {
    return "none";
  }
  std::string name = std::filesystem::path(info.param).filename();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return name;
}

class KubectlAgainstKubesim : public testing_support::KubesimFixture,
                              public ::testing::WithParamInterface<std::string> {
 protected:
  KubectlAgainstKubesim() : KubesimFixture(ClusterTime::kWall) {}

  static kubesim::ServerOptions options() {
    kubesim::ServerOptions options;
    options.threads = 32;
    options.handler.watch.poll_interval = std::chrono::milliseconds(50);
    return options;
  }

  void SetUp() override {
    if (GetParam().empty()) {
      GTEST_SKIP() << "no kubectl on PATH";
    }
    start_server(options());
    kubeconfig_ = write("kubeconfig", server_->kubeconfig(server_->admin_token()));
  }

  // A private (0600) file in the test's directory.
  std::string write(const std::string& name, const std::string& text) {
    std::string path = directory_.write(name, text);
    chmod(path.c_str(), 0600);
    return path;
  }

  std::vector<std::string> command(const std::vector<std::string>& args,
                                   const std::string& kubeconfig) {
    std::vector<std::string> argv = {GetParam(), "--kubeconfig", kubeconfig, "--cache-dir",
                                     directory_.file("cache")};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }

  std::map<std::string, std::string> environment() {
    return {{"HOME", directory_.path()}, {"PATH", "/usr/bin:/bin"}, {"NO_COLOR", "1"}};
  }

  ProcessResult kubectl(const std::vector<std::string>& args, std::string kubeconfig = "") {
    Process process(command(args, kubeconfig.empty() ? kubeconfig_ : kubeconfig), environment());
    return process.finish(std::chrono::seconds(90));
  }

  std::unique_ptr<Process> kubectl_in_background(const std::vector<std::string>& args) {
    return std::make_unique<Process>(command(args, kubeconfig_), environment());
  }

  std::string kubeconfig_;
};

}  // namespace kexit::fidelity
