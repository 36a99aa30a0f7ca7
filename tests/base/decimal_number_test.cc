#include "base/decimal_number.h"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <cstdlib>
#include <string>

#include "base/structured_text.h"
#include "testing/process_runner.h"
#include "testing/temp_directory.h"

namespace kexit {
namespace {

TEST(DecimalNumber, ReadsTheFormsOfYamlAndQuantities) {
  EXPECT_EQ(parse_decimal("1.5"), 1.5);
  EXPECT_EQ(parse_decimal("-2e3"), -2000.0);
  EXPECT_EQ(parse_decimal("+7"), 7.0);
  EXPECT_EQ(parse_decimal(".5"), 0.5);
  EXPECT_EQ(parse_decimal("5."), 5.0);
  EXPECT_EQ(parse_decimal("1E+2"), 100.0);
  auto quantity = parse_decimal_prefix("129e6Mi");
  ASSERT_TRUE(quantity.has_value());
  EXPECT_EQ(quantity->value, 129e6);
  EXPECT_EQ(quantity->length, 5u);
  // An "E" with no digits after it is Kubernetes' exa suffix, not an exponent.
  auto exa = parse_decimal_prefix("2E");
  ASSERT_TRUE(exa.has_value());
  EXPECT_EQ(exa->length, 1u);
}

TEST(DecimalNumber, RefusesWhatIsNoDecimalNumber) {
  for (const char* text :
       {"", "+", "-", "+-1", "++1", "inf", "-infinity", "nan", "abc", ".", "e5", "1,5", "1.5x"}) {
    EXPECT_FALSE(parse_decimal(text).has_value()) << text;
  }
  // Hexadecimal, which strtod reads: "0x10" is 0 followed by "x10".
  auto hex = parse_decimal_prefix("0x10");
  ASSERT_TRUE(hex.has_value());
  EXPECT_EQ(hex->value, 0.0);
  EXPECT_EQ(hex->length, 1u);
}

TEST(DecimalNumber, ANumberBeyondADoubleIsNoneAndOneTooSmallIsZero) {
  EXPECT_FALSE(parse_decimal("1e999").has_value());
  EXPECT_FALSE(parse_decimal("-1e999").has_value());
  EXPECT_FALSE(parse_decimal("1e99999999999999999999999").has_value());
  EXPECT_FALSE(parse_decimal(std::string(400, '9')).has_value());
  // 400 digits scaled down by 5 are still beyond a double: an overflow, whatever the sign of
  // the exponent.
  EXPECT_FALSE(parse_decimal(std::string(400, '9') + "e-5").has_value());
  EXPECT_EQ(parse_decimal("1e-999"), 0.0);
  EXPECT_EQ(parse_decimal("1e-99999999999999999999999"), 0.0);
  EXPECT_EQ(parse_decimal("0." + std::string(400, '0') + "1"), 0.0);
  EXPECT_EQ(parse_decimal("1" + std::string(400, '0') + "e-999"), 0.0);
  auto negative = parse_decimal("-1e-999");
  ASSERT_TRUE(negative.has_value());
  EXPECT_EQ(*negative, 0.0);
  EXPECT_TRUE(std::signbit(*negative));
  EXPECT_EQ(parse_decimal("1e308"), 1e308);
  EXPECT_EQ(parse_decimal("4e-320"), 4e-320);
}

// A locale whose decimal point is a comma, as de_DE's, made with glibc's localedef in a
// temporary directory (LOCPATH), so that the test needs no locale installed on the machine.
// It holds LC_NUMERIC for the test's duration and gives the C locale back.
class CommaDecimalLocale {
 public:
  CommaDecimalLocale() {
    directory_.write("comma.def",
                     "LC_NUMERIC\ndecimal_point \",\"\nthousands_sep \".\"\ngrouping 3;3\n"
                     "END LC_NUMERIC\n");
    // -c: the other categories are missing on purpose; localedef warns and exits 1.
    testing_support::run_command("localedef -c -i " + directory_.path() + "/comma.def " +
                                 directory_.path() + "/comma");
    ::setenv("LOCPATH", directory_.path().c_str(), 1);
    active_ = std::setlocale(LC_NUMERIC, "comma") != nullptr;
  }
  ~CommaDecimalLocale() {
    std::setlocale(LC_NUMERIC, "C");
    ::unsetenv("LOCPATH");
  }
  bool active() const { return active_; }

 private:
  testing_support::TempDirectory directory_;
  bool active_ = false;
};

TEST(DecimalNumber, TheLocalesDecimalPointChangesNothing) {
  CommaDecimalLocale locale;
  ASSERT_TRUE(locale.active()) << "localedef (glibc's libc-bin) could not make the locale";
  // The locale is in effect: strtod, which the YAML reader used, stops at the '.'.
  ASSERT_EQ(std::strtod("1.5", nullptr), 1.0);
  EXPECT_EQ(parse_decimal("1.5"), 1.5);
  EXPECT_FALSE(parse_decimal("1,5").has_value());
  auto docs = parse_yaml_documents("a: 1.5\nb: 2.5e-3\nc: 1e999\n", "x.yaml");
  ASSERT_TRUE(docs.ok()) << docs.error().message;
  EXPECT_EQ(docs->front()["a"], 1.5);
  EXPECT_EQ(docs->front()["b"], 2.5e-3);
  EXPECT_EQ(docs->front()["c"], "1e999");
  auto json = parse_json("{\"a\": 1.5}", "x.json");
  ASSERT_TRUE(json.ok()) << json.error().message;
  EXPECT_EQ((*json)["a"], 1.5);
}

}  // namespace
}  // namespace kexit
