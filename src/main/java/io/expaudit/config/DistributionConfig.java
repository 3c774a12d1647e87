package io.expaudit.config;

import java.io.Serializable;

/**
 * A distribution: units with {@code start <= floor(hash / 100) < end} get {@code variant}; the
 * first matching distribution wins (spec §3.2).
 */
public record DistributionConfig(String variant, int start, int end) implements Serializable {}
