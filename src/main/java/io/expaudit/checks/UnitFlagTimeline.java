package io.expaudit.checks;

import io.expaudit.config.FlagConfig;
import io.expaudit.config.VariantConfig;
import java.util.List;

/**
 * Everything the events say about one unit and one flag, in time order: the per-unit facts the
 * checks read.
 */
public record UnitFlagTimeline(String unitId, String flagKey, List<FlagObservation> observations) {

  /**
   * Whether {@code variant} is a default ({@code off}) variant: marked {@code default} in the
   * config the observation was checked against, or named {@code off} when no config is known.
   */
  public static boolean isDefaultVariant(String variant, FlagConfig config) {
    if (variant == null) {
      return true;
    }
    if (config != null) {
      VariantConfig v = config.variants().get(variant);
      if (v != null) {
        return v.isDefault();
      }
    }
    return variant.equals("off");
  }

  /** True when the observation logged a non-default variant. */
  public static boolean loggedNonDefault(FlagObservation o) {
    return o.variant() != null && !isDefaultVariant(o.variant(), o.expected().config());
  }
}
