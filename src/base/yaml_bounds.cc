#include "base/yaml_bounds.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "base/nesting_limits.h"

namespace kexit {
namespace {

// Thrown by the handler to stop yaml-cpp's parser at the first limit passed; caught in
// check_yaml_bounds, so it never leaves this file.
struct LimitPassed {
  Error error;
};

// What the JSON a node becomes costs: nodes plus scalar bytes, and how deep it nests.
struct Cost {
  std::size_t size = 0;
  int height = 0;
};

// Follows the event stream with a stack of open collections, computing each anchored node's
// cost with its own aliases already expanded, so an alias costs one lookup however much it
// stands for: the check is linear in the text, never in the expansion.
class BoundsHandler : public YAML::EventHandler {
 public:
  BoundsHandler(std::size_t text_size, const std::string& source)
      : budget_(std::max(kMinAliasExpansion, text_size)), source_(source) {}

  // Anchors are per document; the expansion budget is for the whole text.
  void OnDocumentStart(const YAML::Mark& mark) override {
    refuse_if_stuck(mark);
    anchors_.clear();
    names_.clear();
  }
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }
  void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { finish(anchor, {1, 0}); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    finish(anchor, {1 + value.size(), 0});
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    Cost cost;
  };
  struct Anchor {
    Cost cost;
    bool open = false;
  };

  [[noreturn]] void refuse(const YAML::Mark& mark, const std::string& message) const {
    throw LimitPassed{Error{message, source_ + ":" + std::to_string(mark.line + 1) + ":" +
                                         std::to_string(mark.column + 1)}};
  }
  Anchor& anchor_entry(YAML::anchor_t anchor) {
    if (anchors_.size() <= anchor) {
      anchors_.resize(anchor + 1);
      names_.resize(anchor + 1);
    }
    return anchors_[anchor];
  }
  // yaml-cpp 0.7 does not consume a ',' that starts a document: it reports an empty document
  // at the same place for ever (found by fuzz/kubeconfig_fuzz.cc; the loaders would hang too).
  void refuse_if_stuck(const YAML::Mark& mark) {
    if (last_document_ == mark.pos) {
      refuse(mark,
             "YAML that kexit's parser cannot read past: a document cannot start with "
             "',' here; remove the ',' or quote the value");
    }
    last_document_ = mark.pos;
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor);
  void close();
  void finish(YAML::anchor_t anchor, Cost cost);

  std::size_t budget_;
  const std::string& source_;
  std::vector<Open> stack_;
  std::vector<Anchor> anchors_;
  std::vector<std::string> names_;
  std::string pending_name_;
  std::size_t expanded_ = 0;
  int last_document_ = -1;
};

void BoundsHandler::open(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (static_cast<int>(stack_.size()) >= kMaxNestingDepth) {
    refuse(mark, "YAML nested deeper than " + std::to_string(kMaxNestingDepth) +
                     " levels, kexit's limit (a Kubernetes object nests about 10); pass the "
                     "file as kubectl or your editor wrote it");
  }
  if (anchor != YAML::NullAnchor) {
    anchor_entry(anchor).open = true;
    names_[anchor] = pending_name_;
  }
  stack_.push_back({anchor, {1, 1}});
}

void BoundsHandler::close() {
  Open done = stack_.back();
  stack_.pop_back();
  if (done.anchor != YAML::NullAnchor) {
    anchor_entry(done.anchor).open = false;
  }
  finish(done.anchor, done.cost);
}

// Records a finished node's cost on its anchor and adds it to the collection holding it.
void BoundsHandler::finish(YAML::anchor_t anchor, Cost cost) {
  if (anchor != YAML::NullAnchor) {
    anchor_entry(anchor).cost = cost;
    names_[anchor] = names_[anchor].empty() ? pending_name_ : names_[anchor];
  }
  if (!stack_.empty()) {
    Cost& parent = stack_.back().cost;
    parent.size += cost.size;
    parent.height = std::max(parent.height, cost.height + 1);
  }
}

void BoundsHandler::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  const Anchor& target = anchor_entry(anchor);
  std::string name = "*" + names_[anchor];
  if (target.open) {
    // yaml-cpp would build a cyclic node, which no conversion to JSON ever finishes.
    refuse(mark, "YAML alias " + name + " is inside the node its anchor names; remove the alias");
  }
  if (static_cast<int>(stack_.size()) + target.cost.height > kMaxNestingDepth) {
    refuse(mark, "YAML alias " + name + " expands to nesting deeper than " +
                     std::to_string(kMaxNestingDepth) +
                     " levels, kexit's limit; write the aliased value out");
  }
  expanded_ += target.cost.size;
  if (expanded_ > budget_) {
    refuse(mark, "YAML aliases expand to more than " + std::to_string(budget_) +
                     " nodes and bytes, kexit's limit for this file (a \"billion laughs\"?); "
                     "write the aliased values out, or pass JSON (kubectl get -o json)");
  }
  if (!stack_.empty()) {
    Cost& parent = stack_.back().cost;
    parent.size += target.cost.size;
    parent.height = std::max(parent.height, target.cost.height + 1);
  }
}

}  // namespace

Status check_yaml_bounds(std::string_view text, const std::string& source) {
  std::istringstream stream{std::string(text)};
  BoundsHandler handler(text.size(), source);
  try {
    YAML::Parser parser(stream);
    while (parser.HandleNextDocument(handler)) {
    }
  } catch (const LimitPassed& passed) {
    return passed.error;
  } catch (const YAML::Exception&) {
    // A syntax error: loading the text reports it, with the message callers already give.
  }
  return ok_status();
}

}  // namespace kexit
