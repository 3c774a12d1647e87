package io.expaudit.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A targeting segment (spec §2, §3).
 *
 * @param bucket how to hash the unit, or null for "no hashing, use {@code variant}"
 * @param conditions OR of AND groups, or null when absent (absent always matches; an empty
 *     outer list never matches)
 * @param variant the segment's default variant key, or null
 * @param variantExplicitNull true when the config wrote {@code "variant": null}; the JS engine
 *     then looks up a variant named {@code "null"} (spec §6.9 row 14)
 * @param metadata segment metadata such as {@code segmentName}, or null
 */
public record SegmentConfig(
    BucketConfig bucket,
    List<List<ConditionConfig>> conditions,
    String variant,
    boolean variantExplicitNull,
    Map<String, Object> metadata)
    implements Serializable {

  /** {@code metadata.segmentName} when it is a string, else null. */
  public String segmentName() {
    Object name = metadata == null ? null : metadata.get("segmentName");
    return name instanceof String s ? s : null;
  }
}
