#include "agent/web_page.h"

#include <set>

#include "base/html_text.h"
#include "kube/api_time.h"

namespace kexit::agent {
namespace {

bool selected(const WebTermination& termination, const WebQuery& query) {
  return (query.namespace_name.empty() || termination.namespace_name == query.namespace_name) &&
         (query.cause.empty() || termination.cause == query.cause);
}

// A <select> of the values found, the chosen one selected; "" is "all".
std::string filter_select(const char* name, const char* label, const std::set<std::string>& values,
                          const std::string& chosen) {
  std::string html = std::string("<label>") + label + " <select name=\"" + name + "\" id=\"" +
                     name + "\"><option value=\"\">all</option>";
  for (const auto& value : values) {
    html += "<option value=\"" + html_text(value) + "\"" + (value == chosen ? " selected" : "") +
            ">" + html_text(value) + "</option>";
  }
  return html + "</select></label>";
}

std::string filter_form(const std::vector<WebTermination>& terminations, const WebQuery& query) {
  std::set<std::string> namespaces;
  std::set<std::string> causes;
  for (const auto& termination : terminations) {
    namespaces.insert(termination.namespace_name);
    causes.insert(termination.cause);
  }
  return "<form method=\"get\" action=\"/\">" +
         filter_select("namespace", "Namespace", namespaces, query.namespace_name) + " " +
         filter_select("cause", "Cause", causes, query.cause) +
         " <button type=\"submit\">Filter</button></form>\n";
}

std::string cell(const char* css_class, const std::string& text) {
  return std::string("<td class=\"") + css_class + "\">" + html_text(text) + "</td>";
}

std::string row(const WebTermination& t) {
  std::string occurrences = t.count > 1 ? " (x" + std::to_string(t.count) + ")" : "";
  return "<tr class=\"termination\" data-namespace=\"" + html_text(t.namespace_name) +
         "\" data-cause=\"" + html_text(t.cause) + "\">" +
         cell("time", kube::format_api_time(t.last_observed) + occurrences) +
         cell("namespace", t.namespace_name) + cell("pod", t.pod) + cell("container", t.container) +
         cell("exit-code", t.exit_code) + cell("cause", t.cause) +
         cell("confidence", t.confidence) + "<td class=\"details\"><div class=\"summary\">" +
         html_text(t.summary) + "</div><div class=\"evidence\">" + html_text(t.evidence) +
         "</div><div class=\"fix\">" + html_text(t.fix) + "</div></td></tr>\n";
}

}  // namespace

std::string render_web_page(const std::vector<WebTermination>& terminations, const WebQuery& query,
                            std::string_view problem) {
  std::string rows;
  std::size_t shown = 0;
  for (const auto& termination : terminations) {
    if (selected(termination, query)) {
      rows += row(termination);
      ++shown;
    }
  }
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>kexit: recent terminations</title>"
      "<link rel=\"stylesheet\" href=\"/kexit.css\"></head><body>\n"
      "<h1>Recent container terminations</h1>\n";
  if (!problem.empty()) {
    html += "<p class=\"problem\" id=\"problem\">" + html_text(problem) + "</p>\n";
  }
  html += filter_form(terminations, query);
  html += "<p id=\"count\">" + std::to_string(shown) + " of " +
          std::to_string(terminations.size()) +
          " terminations the agent reported (its Events; the newest " +
          std::to_string(kMaxWebTerminations) + " at most)</p>\n";
  html +=
      "<table id=\"terminations\"><thead><tr><th>Last seen</th><th>Namespace</th><th>Pod</th>"
      "<th>Container</th><th>Exit</th><th>Cause</th><th>Confidence</th>"
      "<th>What happened, evidence, fix</th></tr></thead><tbody>\n" +
      rows + "</tbody></table>\n</body></html>\n";
  return html;
}

std::string_view web_page_stylesheet() {
  return "body{font-family:sans-serif;margin:1.5em;color:#222}"
         "table{border-collapse:collapse;width:100%}"
         "th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}"
         "th{background:#eee}td.cause{font-weight:bold}"
         "div.evidence{font-family:monospace;white-space:pre-wrap;color:#444}"
         "div.fix{color:#064}p.problem{color:#a00}form{margin:1em 0}\n";
}

}  // namespace kexit::agent
