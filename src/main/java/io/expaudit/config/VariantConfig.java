package io.expaudit.config;

import java.io.Serializable;
import java.util.Map;

/**
 * A variant of a flag (spec §2).
 *
 * @param key the variant key reported in results
 * @param value the variant value, or null
 * @param payload arbitrary JSON payload, or null
 * @param metadata variant metadata such as {@code {"default": true}}, or null
 */
public record VariantConfig(String key, Object value, Object payload, Map<String, Object> metadata)
    implements Serializable {

  /** True when the variant is marked {@code metadata.default = true} (the "off" variant). */
  public boolean isDefault() {
    return metadata != null && Boolean.TRUE.equals(metadata.get("default"));
  }
}
