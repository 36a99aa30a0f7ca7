#include "diagnose/pem_markers.h"

#include <gtest/gtest.h>

namespace kexit::diagnose {
namespace {

TEST(PemMarkers, RecognisesTheBeginAndEndLines) {
  EXPECT_TRUE(is_pem_begin("-----BEGIN CERTIFICATE-----"));
  EXPECT_TRUE(is_pem_end("-----END CERTIFICATE-----"));
  EXPECT_FALSE(is_pem_begin("BEGIN"));
}

}  // namespace
}  // namespace kexit::diagnose
