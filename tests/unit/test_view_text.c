/* test_view_text.c — text from vehicles on its way to a terminal: the CLI
 * tables' fo_view_text_safe and the console's widths (tui_text_width,
 * tui_text_fit) replace control and bidi-format characters one for one. */
#include "helpers.h"

#include "tui_int.h"
#include "view_text.h"

#include <locale.h>

static void safe(const char *in, const char *want)
{
	char out[128];
	fo_view_text_safe(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_safe_controls(void **st)
{
	(void)st;
	safe("AGV-1", "AGV-1");
	safe("a\x1b[31mb", "a?[31mb");
	safe("a\tb\nc\rd\x7f", "a?b?c?d?");
	safe("c1\xc2\x9b"
	     "x",
	     "c1?x"); /* U+009B CSI */
	safe("EVIL\xe2\x80\xae"
	     "X",
	     "EVIL?X"); /* U+202E RLO */
	safe("i\xe2\x81\xa6"
	     "s\xe2\x81\xa9",
	     "i?s?");                               /* U+2066, U+2069 isolates */
	safe("z\xe2\x80\x8bw\xe2\x80\xa8", "z?w?"); /* zero width space, line sep */
	safe("\xef\xbb\xbf"
	     "bom",
	     "?bom");                                                 /* U+FEFF */
	safe("caf\xc3\xa9 \xe6\x97\xa5", "caf\xc3\xa9 \xe6\x97\xa5"); /* kept */
	safe("", "");
}

static void test_safe_truncates(void **st)
{
	(void)st;
	char out[4];
	fo_view_text_safe("abcdef", out, sizeof out);
	assert_string_equal(out, "abc");
	fo_view_text_safe("\x1b\x1b\x1b\x1b", out, sizeof out);
	assert_string_equal(out, "???");
}

static void test_tui_widths(void **st)
{
	(void)st;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		skip();
	/* each unsafe character is one visible replacement cell */
	assert_int_equal(tui_text_width("EVIL\xe2\x80\xae"
	                                "X"),
	                 6);
	assert_int_equal(tui_text_width("a\x1b[31mb"), 7);
	assert_int_equal(tui_text_width("\xe6\x97\xa5"), 2);
	/* fit: whole characters only, by cells */
	assert_int_equal(tui_text_fit("abcdef", 3), 3);
	assert_int_equal(tui_text_fit("\xe6\x97\xa5\xe6\x97\xa5", 3), 3);
	assert_int_equal(tui_text_fit("a\xe2\x80\xae"
	                              "b",
	                              2),
	                 4);
	assert_int_equal(tui_text_fit("", 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_safe_controls),
	    cmocka_unit_test(test_safe_truncates),
	    cmocka_unit_test(test_tui_widths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
