/**
 * Pure translation between OpenAI chat completions and the Gemini API ({@code generateContent},
 * {@code streamGenerateContent?alt=sse}): request bodies ({@link dev.shepherd.translate.gemini.GeminiRequests}),
 * whole responses ({@link dev.shepherd.translate.gemini.GeminiResponses}), streams
 * ({@link dev.shepherd.translate.gemini.GeminiToChatStream}) and errors
 * ({@link dev.shepherd.translate.gemini.GeminiErrors}). No I/O; every mapping decision is listed in
 * docs/translation-gemini.md.
 */
package dev.shepherd.translate.gemini;
