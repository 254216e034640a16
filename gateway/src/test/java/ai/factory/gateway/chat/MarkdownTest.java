package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.chat.Markdown.Style;
import org.junit.jupiter.api.Test;

class MarkdownTest {

    private static final String ANSWER = "## Plan\n**Bold** and *italic*, `a<b`, [docs](https://x.io/a_b).\n```\nif (a < b) { x = 1; }\n```";

    @Test
    void slack_gets_mrkdwn_with_entities_escaped() {
        assertEquals("*Plan*\n*Bold* and _italic_, `a&lt;b`, <https://x.io/a_b|docs>.\n```\nif (a &lt; b) { x = 1; }\n```",
                Markdown.convert(ANSWER, Style.SLACK));
    }

    @Test
    void telegram_gets_markdown_v2_with_every_reserved_character_escaped() {
        assertEquals("*Plan*\n*Bold* and _italic_, `a<b`, [docs](https://x.io/a_b)\\.\n```\nif (a < b) { x = 1; }\n```",
                Markdown.convert(ANSWER, Style.TELEGRAM));
        assertEquals("Giá: 1\\.000\\-2\\.000 đ \\(khoảng\\)\\!", Markdown.convert("Giá: 1.000-2.000 đ (khoảng)!", Style.TELEGRAM));
    }

    @Test
    void plain_text_drops_the_markup() {
        assertEquals("Plan\nBold and italic, a<b, docs (https://x.io/a_b).\nif (a < b) { x = 1; }",
                Markdown.convert(ANSWER, Style.PLAIN));
    }

    @Test
    void japanese_passes_through_untouched() {
        assertEquals("会議は*三時*です。", Markdown.convert("会議は**三時**です。", Style.SLACK));
    }
}
