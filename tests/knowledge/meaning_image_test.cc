#include "knowledge/meaning_image.h"

#include <gtest/gtest.h>

namespace kexit::knowledge {
namespace {

Meaning curl_meaning() {
  Meaning meaning;
  meaning.code = 6;
  meaning.origin = "program";
  meaning.image = "(^|/)curl(:|@|$)";
  return meaning;
}

TEST(MeaningImage, APatternFitsTheImagesItNames) {
  EXPECT_TRUE(meaning_fits_image(curl_meaning(), "curlimages/curl:8.5.0"));
  EXPECT_TRUE(meaning_fits_image(curl_meaning(), "curl"));
  EXPECT_FALSE(meaning_fits_image(curl_meaning(), "example/curler:1"));
}

TEST(MeaningImage, NoPatternOrNoImageFitsNothing) {
  Meaning unbound = curl_meaning();
  unbound.image.reset();
  EXPECT_FALSE(meaning_fits_image(unbound, "curlimages/curl:8.5.0"));
  EXPECT_FALSE(meaning_fits_image(curl_meaning(), ""));
}

TEST(MeaningImage, APatternThatDoesNotCompileFitsNothingAndIsAskedAgainSafely) {
  Meaning broken = curl_meaning();
  broken.image = "curl(";
  EXPECT_FALSE(meaning_fits_image(broken, "curl("));
  EXPECT_FALSE(meaning_fits_image(broken, "curl("));
}

}  // namespace
}  // namespace kexit::knowledge
