package io.expaudit.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One flag as served in the evaluation format (spec §2), already validated. Values that the
 * config may hold as arbitrary JSON (metadata, variant values, payloads) are plain Java values:
 * {@code Map<String,Object>}, {@code List<Object>}, {@code String}, {@code Boolean}, and
 * {@code Integer}/{@code Long}/{@code Double} numbers.
 *
 * @param key the flag key, unique in a payload
 * @param variants variants by their map key, in served order (the engine looks them up by map key)
 * @param segments segments in served order; evaluated top to bottom
 * @param dependencies flag keys to evaluate first, in served order, duplicates kept; empty when absent
 * @param metadata flag metadata, or null when absent
 * @param sourceLine the line in the source file where this flag's JSON object starts (1-based), for messages
 */
public record FlagConfig(
    String key,
    Map<String, VariantConfig> variants,
    List<SegmentConfig> segments,
    List<String> dependencies,
    Map<String, Object> metadata,
    int sourceLine)
    implements Serializable {

  /** {@code metadata.flagVersion} as an integer, or null when absent or not a number. */
  public Long flagVersion() {
    Object v = metadata == null ? null : metadata.get("flagVersion");
    return v instanceof Number n ? n.longValue() : null;
  }

  /** True unless {@code metadata.deployed} is {@code false} (holdout and mutual-exclusion groups). */
  public boolean deployed() {
    return metadata == null || !Boolean.FALSE.equals(metadata.get("deployed"));
  }
}
