#include "kubesim/label_selector.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace kexit::kubesim {
namespace {

enum class TokenType {
  Identifier,
  Equals,
  DoubleEquals,
  NotEquals,
  In,
  NotIn,
  Not,
  Open,
  Close,
  Comma,
  Greater,
  Less,
  End
};

struct Token {
  TokenType type;
  std::string text;
};

bool is_special(char c) {
  return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
}

// apimachinery's selector lexer: identifiers run until whitespace or a special character;
// "in" and "notin" are keywords.
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '=' && i + 1 < text.size() && text[i + 1] == '=') {
      tokens.push_back({TokenType::DoubleEquals, "=="});
      i += 2;
    } else if (c == '=') {
      tokens.push_back({TokenType::Equals, "="});
      ++i;
    } else if (c == '!' && i + 1 < text.size() && text[i + 1] == '=') {
      tokens.push_back({TokenType::NotEquals, "!="});
      i += 2;
    } else if (c == '!') {
      tokens.push_back({TokenType::Not, "!"});
      ++i;
    } else if (c == '(') {
      tokens.push_back({TokenType::Open, "("});
      ++i;
    } else if (c == ')') {
      tokens.push_back({TokenType::Close, ")"});
      ++i;
    } else if (c == ',') {
      tokens.push_back({TokenType::Comma, ","});
      ++i;
    } else if (c == '>') {
      tokens.push_back({TokenType::Greater, ">"});
      ++i;
    } else if (c == '<') {
      tokens.push_back({TokenType::Less, "<"});
      ++i;
    } else {
      std::size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) &&
             !is_special(text[i])) {
        ++i;
      }
      std::string word(text.substr(start, i - start));
      if (word == "in") {
        tokens.push_back({TokenType::In, word});
      } else if (word == "notin") {
        tokens.push_back({TokenType::NotIn, word});
      } else {
        tokens.push_back({TokenType::Identifier, word});
      }
    }
  }
  tokens.push_back({TokenType::End, ""});
  return tokens;
}

Error parse_error(std::string_view text, const std::string& what) {
  return Error{
      "unable to parse requirement: " + what + " in label selector \"" + std::string(text) + "\"",
      "labelSelector"};
}

using Operator = LabelSelector::Operator;
using Requirement = LabelSelector::Requirement;

// The tokens of one selector, read left to right; the last is always End.
class TokenCursor {
 public:
  explicit TokenCursor(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}
  const Token& peek() const { return tokens_[position_]; }
  const Token& next() { return tokens_[position_++]; }
  const Token& previous() const { return tokens_[position_ - 1]; }

 private:
  std::vector<Token> tokens_;
  std::size_t position_ = 0;
};

// KEY=VALUE, KEY==VALUE, KEY!=VALUE, KEY>N, KEY<N (the operator is next).
Status read_comparison(TokenCursor& cursor, std::string_view text, Requirement& requirement) {
  TokenType op = cursor.next().type;
  requirement.op = op == TokenType::NotEquals ? Operator::NotEquals
                   : op == TokenType::Greater ? Operator::GreaterThan
                   : op == TokenType::Less    ? Operator::LessThan
                                              : Operator::Equals;
  bool numeric = requirement.op == Operator::GreaterThan || requirement.op == Operator::LessThan;
  if (cursor.peek().type == TokenType::Identifier) {
    requirement.values.push_back(cursor.next().text);
  } else if (cursor.peek().type == TokenType::Comma || cursor.peek().type == TokenType::End) {
    if (numeric) {
      return parse_error(text, "for 'gt', 'lt' operators, exactly one value is required");
    }
    requirement.values.push_back("");
  } else {
    return parse_error(text, "found '" + cursor.peek().text + "', expected: identifier");
  }
  long long number = 0;
  if (numeric && !parse_int(requirement.values.front(), number)) {
    return parse_error(text, "for 'gt', 'lt' operators, the value must be an integer");
  }
  return ok_status();
}

// KEY in (A, B), KEY notin (A, B) (the operator is next).
Status read_set(TokenCursor& cursor, std::string_view text, Requirement& requirement) {
  requirement.op = cursor.next().type == TokenType::In ? Operator::In : Operator::NotIn;
  if (cursor.next().type != TokenType::Open) {
    return parse_error(text, "found '" + cursor.previous().text + "', expected: '('");
  }
  while (true) {
    if (cursor.peek().type == TokenType::Identifier) {
      requirement.values.push_back(cursor.next().text);
    } else if (cursor.peek().type == TokenType::Comma || cursor.peek().type == TokenType::Close) {
      requirement.values.push_back("");
    } else {
      return parse_error(text,
                         "found '" + cursor.peek().text + "', expected: ',', ')' or identifier");
    }
    if (cursor.peek().type == TokenType::Comma) {
      cursor.next();
      continue;
    }
    if (cursor.peek().type == TokenType::Close) {
      cursor.next();
      return ok_status();
    }
    return parse_error(text, "found '" + cursor.peek().text + "', expected: ',' or ')'");
  }
}

// One requirement: !KEY, KEY, or KEY with an operator and values.
Expected<Requirement> read_requirement(TokenCursor& cursor, std::string_view text) {
  Requirement requirement;
  if (cursor.peek().type == TokenType::Not) {
    cursor.next();
    if (cursor.peek().type != TokenType::Identifier) {
      return parse_error(text,
                         "found '" + cursor.peek().text + "', expected: identifier after '!'");
    }
    requirement.key = cursor.next().text;
    requirement.op = Operator::DoesNotExist;
    return requirement;
  }
  if (cursor.peek().type != TokenType::Identifier) {
    return parse_error(
        text, "found '" + cursor.peek().text + "', expected: !, identifier, or 'end of string'");
  }
  requirement.key = cursor.next().text;
  switch (cursor.peek().type) {
    case TokenType::Comma:
    case TokenType::End:
      requirement.op = Operator::Exists;
      return requirement;
    case TokenType::Equals:
    case TokenType::DoubleEquals:
    case TokenType::NotEquals:
    case TokenType::Greater:
    case TokenType::Less:
      KEXIT_CHECK(read_comparison(cursor, text, requirement));
      return requirement;
    case TokenType::In:
    case TokenType::NotIn:
      KEXIT_CHECK(read_set(cursor, text, requirement));
      return requirement;
    default:
      return parse_error(
          text, "found '" + cursor.peek().text + "', expected: in, notin, =, ==, !=, gt, lt");
  }
}

}  // namespace

Expected<LabelSelector> LabelSelector::parse(std::string_view text) {
  LabelSelector selector;
  if (trim(text).empty()) {
    return selector;
  }
  TokenCursor cursor(tokenize(text));
  while (true) {
    KEXIT_ASSIGN(requirement, read_requirement(cursor, text));
    selector.requirements_.push_back(std::move(requirement));
    if (cursor.peek().type == TokenType::End) {
      break;
    }
    if (cursor.next().type != TokenType::Comma) {
      return parse_error(
          text, "found '" + cursor.previous().text + "', expected: ',' or 'end of string'");
    }
  }
  return selector;
}

bool LabelSelector::matches(const StringPairs& labels) const {
  for (const auto& requirement : requirements_) {
    const std::string* value = find_pair(labels, requirement.key);
    auto in_values = [&] {
      return value != nullptr && std::find(requirement.values.begin(), requirement.values.end(),
                                           *value) != requirement.values.end();
    };
    switch (requirement.op) {
      case Operator::Equals:
      case Operator::In:
        if (!in_values()) {
          return false;
        }
        break;
      case Operator::NotEquals:
      case Operator::NotIn:
        // Like the real server: a missing label satisfies != and notin.
        if (in_values()) {
          return false;
        }
        break;
      case Operator::Exists:
        if (value == nullptr) {
          return false;
        }
        break;
      case Operator::DoesNotExist:
        if (value != nullptr) {
          return false;
        }
        break;
      case Operator::GreaterThan:
      case Operator::LessThan: {
        long long have = 0;
        long long want = 0;
        if (value == nullptr || !parse_int(*value, have) ||
            !parse_int(requirement.values.front(), want)) {
          return false;
        }
        if (requirement.op == Operator::GreaterThan ? !(have > want) : !(have < want)) {
          return false;
        }
        break;
      }
    }
  }
  return true;
}

}  // namespace kexit::kubesim
