#pragma once
// The agent's read-only web page: the recent terminations it diagnosed, filtered by namespace
// and cause, rendered on the server as HTML with every string escaped (pod names and log lines
// are hostile) and nothing loaded from outside the page's origin.

#include <string>
#include <string_view>
#include <vector>

#include "agent/web_termination.h"

namespace kexit::agent {

// The page's query parameters; empty: no filter.
struct WebQuery {
  std::string namespace_name;
  std::string cause;
};

// The page for `terminations` (newest first), showing those `query` selects; the filters offer
// every namespace and cause of `terminations`. `problem`, when not empty, is shown above the
// table (the Events could not be read).
std::string render_web_page(const std::vector<WebTermination>& terminations, const WebQuery& query,
                            std::string_view problem);

// The page's stylesheet, served from the same origin (/kexit.css): the Content-Security-Policy
// `default-src 'self'` refuses inline styles.
std::string_view web_page_stylesheet();

}  // namespace kexit::agent
