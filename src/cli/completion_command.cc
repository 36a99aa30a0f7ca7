#include "cli/completion_command.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "base/text.h"
#include "cli/completion_engine.h"
#include "cli/completion_script.h"
#include "cli/exit_status.h"
#include "cli/target_parsing.h"
#include "knowledge/builtin_knowledge.h"
#include "kube/api_client.h"
#include "kube/api_paths.h"
#include "kube/config_loader.h"
#include "report/explain_report.h"

namespace kexit::cli {
namespace {

std::vector<std::string> sorted_names(const std::vector<nlohmann::json>& objects) {
  std::vector<std::string> names;
  for (const auto& object : objects) {
    auto metadata = object.find("metadata");
    if (metadata != object.end() && metadata->is_object() && metadata->contains("name") &&
        (*metadata)["name"].is_string()) {
      names.push_back((*metadata)["name"].get<std::string>());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A Tab should answer at once: a cluster that does not answer in this long gets no say.
constexpr std::chrono::seconds kClusterTimeout{2};

// The names of the objects of `kind` in the scope, sorted; none when the cluster cannot be
// asked. As kubectl's __complete, it uses the kubeconfig the command line (or the environment)
// names.
std::vector<std::string> cluster_object_names(const std::string& kind,
                                              const CompletionScope& scope) {
  auto overrides = client_overrides(scope);
  if (!overrides) {
    return {};
  }
  auto config =
      kube::load_client_config({scope.kubeconfig, scope.context, scope.namespace_name, *overrides},
                               kube::ConfigEnvironment::from_process());
  if (!config) {
    return {};
  }
  kube::TransportOptions options;
  options.retry.max_attempts = 1;
  options.connect_timeout = kClusterTimeout;
  options.read_timeout = kClusterTimeout;
  options.write_timeout = kClusterTimeout;
  options.warn = [](const std::string&) {};
  kube::ApiClient client(std::move(config).value(), options);
  const std::string namespace_name = scope.all_namespaces ? "" : client.namespace_name();
  auto listed = client.list(
      kube::ResourcePath{target_group(kind), "v1", kind + "s", namespace_name, "", ""}.str());
  return listed ? sorted_names(listed->items) : std::vector<std::string>{};
}

CompletionSources process_sources() {
  CompletionSources sources;
  sources.causes = [] {
    std::vector<Error> errors;
    auto knowledge = knowledge::load_compiled_knowledge({}, errors);
    return knowledge ? (*knowledge)->set().cause_slugs() : std::vector<std::string>{};
  };
  sources.runtimes = [] {
    std::vector<Error> errors;
    auto knowledge = knowledge::load_compiled_knowledge({}, errors);
    return knowledge ? report::known_runtimes((*knowledge)->set()) : std::vector<std::string>{};
  };
  sources.names = cluster_object_names;
  return sources;
}

}  // namespace

void add_completion_command(CLI::App& app, int& exit_status) {
  auto shell = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "completion", "Print a completion script: source <(kexit completion bash)");
  command->add_option("shell", *shell, "bash, zsh or fish")->required();
  command->callback([shell, &exit_status] {
    auto script = completion_script(*shell);
    if (!script) {
      std::cerr << "kexit: " << script.error().to_string() << "\n";
      exit_status = to_int(ExitStatus::kUsage);
      return;
    }
    std::cout << *script;
    exit_status = to_int(ExitStatus::kOk);
  });
}

bool is_completion_request(int argc, char** argv) {
  return argc >= 2 && std::string_view(argv[1]) == "__complete";
}

int answer_completion_request(CLI::App& app, const std::vector<std::string>& words) {
  std::cout << format_completions(complete_words(app, words, process_sources()));
  return to_int(ExitStatus::kOk);
}

}  // namespace kexit::cli
