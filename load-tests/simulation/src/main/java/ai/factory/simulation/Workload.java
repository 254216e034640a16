package ai.factory.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What the clients ask. A session is a conversation of one or more turns; turn {@code k}'s prompt
 * repeats the whole conversation before it, as chat clients do, so a server that saw turn
 * {@code k - 1} holds most of turn {@code k}'s prefix.
 */
interface Workload {

    /** The model every non-LoRA request asks for; with LoRA on, the emulators' base model. */
    String BASE_MODEL = "m";

    String name();

    /** Turns per session, to derive the session arrival rate from the request rate. */
    int turns();

    Session newSession(long id, Random random);

    /**
     * Prompt tokens per request as the emulator counts them (whitespace-separated words, plus 4
     * per message), averaged over the turns of a fixed sample of sessions.
     */
    default double meanPromptTokens() {
        Random random = new Random(1);
        long tokens = 0;
        long prompts = 0;
        for (int i = 0; i < 200; i++) {
            Session session = newSession(i, new Random(random.nextLong()));
            for (List<Message> prompt : session.prompts()) {
                for (Message m : prompt) {
                    String text = m.content().trim();
                    tokens += (text.isEmpty() ? 0 : text.split("\\s+").length) + 4;
                }
                prompts++;
            }
        }
        return tokens / (double) prompts;
    }

    /** One chat message. */
    record Message(String role, String content) {
    }

    /**
     * A conversation; {@link #prompt(int)} is turn {@code k}'s messages (k from 0).
     *
     * @param model the model asked for (a LoRA adapter's name in the LoRA workload)
     * @param tier the caller's tier (SLO workload), or null
     */
    record Session(String id, List<List<Message>> prompts, String model, String tier) {
        Session(String id, List<List<Message>> prompts) {
            this(id, prompts, BASE_MODEL, null);
        }

        List<Message> prompt(int turn) {
            return prompts.get(turn);
        }
    }

    /** Products sharing long system prompts, multi-turn sessions: the case prefix caching is for. */
    static Workload sharedPrefix(Settings s) {
        List<String> systems = new ArrayList<>();
        for (int p = 0; p < s.products(); p++) {
            systems.add("You are product " + p + " of the AI factory. " + Words.of(new Random(1000 + p), s.systemWords()));
        }
        return new Workload() {
            @Override
            public String name() {
                return "shared-prefix";
            }

            @Override
            public int turns() {
                return s.turns();
            }

            @Override
            public Session newSession(long id, Random random) {
                String system = systems.get(random.nextInt(systems.size()));
                List<List<Message>> prompts = new ArrayList<>();
                List<Message> history = new ArrayList<>(List.of(new Message("system", system)));
                for (int t = 0; t < s.turns(); t++) {
                    history.add(new Message("user", Words.of(random, s.userWords())));
                    prompts.add(List.copyOf(history));
                    // The next turn carries this turn's answer; its words stand in for what the model said.
                    history.add(new Message("assistant", Words.of(random, s.assistantWords())));
                }
                return new Session("s-" + id, prompts);
            }
        };
    }

    /** Every prompt unique, one turn: nothing for a cache to reuse. */
    static Workload unique(Settings s) {
        return new Workload() {
            @Override
            public String name() {
                return "unique";
            }

            @Override
            public int turns() {
                return 1;
            }

            @Override
            public Session newSession(long id, Random random) {
                String text = "request " + id + " " + Words.of(random, s.uniqueWords());
                return new Session("u-" + id, List.of(List.of(new Message("user", text))));
            }
        };
    }

    /**
     * Products served as LoRA adapters: {@code loraProducts} products over {@code adapters}
     * adapters (product p uses adapter p mod adapters), each with a short system prompt; one turn.
     */
    static Workload lora(Settings s) {
        return new Workload() {
            @Override
            public String name() {
                return "lora";
            }

            @Override
            public int turns() {
                return 1;
            }

            @Override
            public Session newSession(long id, Random random) {
                int product = random.nextInt(s.loraProducts());
                String system = "You are product " + product + ". " + Words.of(new Random(2000 + product), s.loraPromptWords());
                String user = "request " + id + " " + Words.of(random, s.userWords());
                return new Session("l-" + id, List.of(List.of(new Message("system", system), new Message("user", user))),
                        "adapter-" + (product % s.adapters()), null);
            }
        };
    }

    /** Unique single-turn prompts from three tiers: 30 % enterprise, 30 % standard, 40 % free. */
    static Workload tiered(Settings s) {
        return new Workload() {
            @Override
            public String name() {
                return "slo";
            }

            @Override
            public int turns() {
                return 1;
            }

            @Override
            public Session newSession(long id, Random random) {
                double draw = random.nextDouble();
                String tier = draw < 0.3 ? "enterprise" : draw < 0.6 ? "standard" : "free";
                String text = "request " + id + " " + Words.of(random, s.uniqueWords());
                return new Session("t-" + id, List.of(List.of(new Message("user", text))), BASE_MODEL, tier);
            }
        };
    }
}
