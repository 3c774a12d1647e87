package io.expaudit.eval;

import io.expaudit.config.VariantConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one flag for one context, and why.
 *
 * @param flagKey the flag
 * @param variant the variant served, or null when the flag has no result ({@link Reason#NOT_ELIGIBLE})
 * @param metadata flag, segment and variant metadata merged, later keys winning (spec §3); null
 *     when there is no result or nothing to merge
 * @param segmentIndex the 0-based segment that decided, or -1
 * @param segmentName that segment's {@code segmentName}, or null
 * @param reason why
 * @param bucketingValue the value hashed (or found empty), or null when no bucket was consulted
 * @param hash the unsigned MurmurHash3 of {@code salt/value}, or -1 when nothing was hashed
 */
public record FlagResult(
    String flagKey,
    VariantConfig variant,
    Map<String, Object> metadata,
    int segmentIndex,
    String segmentName,
    Reason reason,
    String bucketingValue,
    long hash) implements java.io.Serializable {

  /** The variant key, or null when the flag has no result. */
  public String variantKey() {
    return variant == null ? null : variant.key();
  }

  /** True when the merged metadata marks the result as the default ({@code off}) variant. */
  public boolean isDefault() {
    return metadata != null && Boolean.TRUE.equals(metadata.get("default"));
  }

  /** {@code hash % 100}, the allocation bucket, or -1 when nothing was hashed. */
  public int allocationBucket() {
    return hash < 0 ? -1 : (int) (hash % 100);
  }

  /** {@code floor(hash / 100)}, the distribution bucket, or -1 when nothing was hashed. */
  public long distributionBucket() {
    return hash < 0 ? -1 : hash / 100;
  }

  /** What a {@code result.<flag>.<field>} selector sees (spec §4.1). */
  Object select(String field, Semantics semantics) {
    return switch (field) {
      case "key" -> variant.key();
      case "value" -> variant.value();
      case "metadata" -> metadata == null && semantics == Semantics.JS ? Map.of() : metadata;
      case "payload" -> semantics == Semantics.JS ? variant.payload() : null;
      default -> null;
    };
  }

  /** Kotlin's {@code EvaluationVariant.toString()}, what a selector ending at a result reads there. */
  String asKotlinString() {
    return "EvaluationVariant(key=" + variant.key() + ", value=" + variant.value() + ", payload="
        + variant.payload() + ", metadata=" + metadata + ")";
  }

  /** The result object the JS engine stores: the variant's fields plus merged metadata. */
  Map<String, Object> asJsObject() {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("key", variant.key());
    if (variant.value() != null) {
      object.put("value", variant.value());
    }
    if (variant.payload() != null) {
      object.put("payload", variant.payload());
    }
    object.put("metadata", metadata == null ? Map.of() : metadata);
    return object;
  }
}
