/**
 * The GPU backend emulator: a vLLM-like server on Netty with batching, prefix cache, KV events, LoRA slots, faults.
 * Off the request path: stands in for the model servers that route and relay talk to, in tests and load tests.
 */
package ai.factory.emulator;
