package io.expaudit.config;

import java.io.Serializable;
import java.util.List;

/**
 * An allocation: units with {@code start <= hash % 100 < end} are bucketed into a distribution
 * (spec §3.2).
 */
public record AllocationConfig(int start, int end, List<DistributionConfig> distributions)
    implements Serializable {}
