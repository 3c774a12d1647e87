package io.expaudit.config;

import java.io.Serializable;
import java.util.List;

/**
 * Bucketing of a segment (spec §3): the hashed value is {@code salt + "/" + value}.
 *
 * @param selector path to the bucketing value, e.g. {@code [context, user, device_id]}
 * @param salt the flag's bucketing salt
 * @param allocations tried in order
 */
public record BucketConfig(List<String> selector, String salt, List<AllocationConfig> allocations)
    implements Serializable {}
