/**
 * Show-Score review links for templates: {@link io.crowdengage.showscore.ShowScorePartnerLinks} is the
 * {@code show_score_url(showId)} template function and the render preparer that fills its link pools,
 * configured by {@link io.crowdengage.showscore.ShowScoreConfig}. A loopback fake Show-Score for tests
 * is in {@link io.crowdengage.showscore.testing}.
 */
package io.crowdengage.showscore;
