package io.expaudit.lint;

import static io.expaudit.lint.TestFlags.bucket;
import static io.expaudit.lint.TestFlags.flag;
import static io.expaudit.lint.TestFlags.ranges;
import static io.expaudit.lint.TestFlags.segment;
import static org.assertj.core.api.Assertions.assertThat;

import io.expaudit.config.FlagConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketSpaceTest {
  private static BucketSpace space(String bucket, String defaultVariant) {
    FlagConfig flag = TestFlags.parse(flag("f", "experiment", 1, List.of("control", "treatment"),
        segment("s", null, bucket, defaultVariant)));
    return BucketSpace.of(flag, 0);
  }

  @Test
  void amplitudesFiftyFiftyRangesGiveControlOneHundredHashesMoreThanTreatment() {
    // control: d in [0, 21474837) for all 100 a; treatment: the rest of the 2^32 hashes
    BucketSpace space = space(bucket("s", 100, "control", 1, "treatment", 1), "off");
    assertThat(space.counts()).containsExactly(
        Map.entry("control", 2_147_483_700L), Map.entry("treatment", 2_147_483_596L));
    assertThat(space.allocatedCount()).isEqualTo(BucketSpace.HASHES);
  }

  @Test
  void aTwentyPercentAllocationCoversTwentyTimesEveryDistributionBucket() {
    BucketSpace space = space(bucket("s", 20, "control", 1), "off");
    assertThat(space.allocatedCount()).isEqualTo(20 * 42_949_673L);
    assertThat(space.counts()).containsEntry("off", BucketSpace.HASHES - 20 * 42_949_673L);
  }

  @Test
  void theFirstMatchingDistributionWinsAndAMissFallsToTheNextAllocation() {
    // allocation 1 covers a < 50 but only d < 1000; allocation 2 (a < 100) catches the rest
    String bucket = ranges("device_id", "s", "[{\"range\": [0, 50], \"distributions\": ["
        + "{\"variant\": \"control\", \"range\": [0, 1000]}, {\"variant\": \"treatment\", \"range\": [500, 2000]}]},"
        + "{\"range\": [0, 100], \"distributions\": [{\"variant\": \"treatment\", \"range\": [0, 42949673]}]}]");
    BucketSpace space = space(bucket, "off");
    assertThat(space.counts()).containsExactly(
        Map.entry("control", 50 * 1000L), Map.entry("treatment", BucketSpace.HASHES - 50 * 1000L));
  }

  @Test
  void unknownVariantKeysAndAMissingDefaultFallThrough() {
    String bucket = ranges("device_id", "s", "[{\"range\": [0, 100], \"distributions\": ["
        + "{\"variant\": \"ghost\", \"range\": [0, 100]}]}]");
    assertThat(space(bucket, null).counts()).containsOnlyKeys(BucketSpace.FALLS_THROUGH);
    assertThat(space(bucket, "off").counts())
        .containsExactly(Map.entry(BucketSpace.FALLS_THROUGH, 10_000L),
            Map.entry("off", BucketSpace.HASHES - 10_000L));
  }

  @Test
  void theLastDistributionBucketExistsOnlyForAllocationBucketsUpToNinetyFive() {
    // d = 42949672 is h = 4294967200 + a, which fits in 32 bits for a <= 95 only
    String bucket = ranges("device_id", "s", "[{\"range\": [0, 100], \"distributions\": ["
        + "{\"variant\": \"treatment\", \"range\": [42949672, 42949673]}]}]");
    assertThat(space(bucket, "off").counts()).containsEntry("treatment", 96L);
  }
}
