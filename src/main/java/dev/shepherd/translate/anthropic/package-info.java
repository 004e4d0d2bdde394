/**
 * Translation between OpenAI chat completions and the Anthropic Messages API, in both directions,
 * as pure functions (requests, responses, errors) and one stateful {@link
 * dev.shepherd.translate.StreamTranslator} per stream direction. Nothing here does I/O.
 *
 * <ul>
 *   <li>Outbound (OpenAI client → Anthropic upstream): {@link
 *       dev.shepherd.translate.anthropic.AnthropicRequests}, {@link
 *       dev.shepherd.translate.anthropic.AnthropicResponses}, {@link
 *       dev.shepherd.translate.anthropic.AnthropicToChatStream}.
 *   <li>Inbound ({@code /v1/messages} client → any OpenAI-compatible upstream): {@link
 *       dev.shepherd.translate.anthropic.MessagesRequests}, {@link
 *       dev.shepherd.translate.anthropic.MessagesResponses}, {@link
 *       dev.shepherd.translate.anthropic.ChatToAnthropicStream}.
 *   <li>Errors both ways: {@link dev.shepherd.translate.anthropic.AnthropicErrors}.
 * </ul>
 *
 * <p>Every mapping decision is listed, with sources, in {@code docs/translation-anthropic.md}.
 */
package dev.shepherd.translate.anthropic;
