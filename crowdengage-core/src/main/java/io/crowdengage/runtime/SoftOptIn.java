package io.crowdengage.runtime;

import io.crowdengage.internal.Checks;

/**
 * The soft opt-in notice: when enabled, a newly confirmed booking (confirmed within the last 24
 * hours, for a performance still to come) whose number has never been sent the notice (and has not
 * opted out) gets it at once. Bookings already old when the runtime first sees them get none. Its acceptance by the provider is what makes
 * the number eligible for marketing later (PECR's soft opt-in: the chance to refuse is offered when
 * the details are collected). The template must tell people how to refuse ("Reply STOP to opt
 * out", "Text STOP to 60123", or the venue's footer), in its literal text, whatever branch it takes
 * and whoever it is for; {@link CrowdEngage.Builder#build()} refuses one that does not (the rules:
 * docs/consent.md, "What a soft opt-in notice must say").
 *
 * @param enabled  whether notices are sent
 * @param template the notice's Liquid template
 */
public record SoftOptIn(boolean enabled, String template) {
    /** The notice sent when none is configured. */
    public static final String DEFAULT_TEMPLATE = "Thanks for booking {{ event.name }} at {{ venue.name }}. "
            + "We may text you offers related to your visit around the time of the performance. "
            + "Reply STOP to opt out.";

    public SoftOptIn {
        Checks.notNull(template, "softOptIn.template");
    }

    /** Notices off: marketing steps then need express consent. */
    public static SoftOptIn disabled() {
        return new SoftOptIn(false, DEFAULT_TEMPLATE);
    }

    /** Notices on, with the default template. */
    public static SoftOptIn enabledWithDefaultNotice() {
        return new SoftOptIn(true, DEFAULT_TEMPLATE);
    }

    /** Notices on, with this template. */
    public static SoftOptIn enabledWith(String template) {
        return new SoftOptIn(true, template);
    }
}
