/* test_se_reader.c - StackExchange dumps, on small hand-made ones: every
 * passage field, answers before their questions, broken rows and files
 * (each reported at its line, the rest still read), an archive, the site
 * and link rules, and the HTML-to-text conversion of bodies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/html_text.h"
#include "indexer/se_reader.h"

#include "tests/unit/reader_capture.h"

#define XML_HEAD "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<posts>\r\n"

/* A temporary directory holding the site directory "cooking.meta". */
typedef struct dump_dir {
    char top[64];
    char site[96];
    char posts[128];
    char users[128];
    char archive[160];
} dump_dir;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

static void make_dump(dump_dir *d, const char *posts, const char *users)
{
    snprintf(d->top, sizeof d->top, "/tmp/quarry-se-XXXXXX");
    assert_non_null(mkdtemp(d->top));
    snprintf(d->site, sizeof d->site, "%s/cooking.meta", d->top);
    assert_int_equal(mkdir(d->site, 0700), 0);
    snprintf(d->posts, sizeof d->posts, "%s/Posts.xml", d->site);
    snprintf(d->users, sizeof d->users, "%s/Users.xml", d->site);
    snprintf(d->archive, sizeof d->archive, "%s/cooking.meta.stackexchange.com.7z", d->top);
    write_file(d->posts, posts);
    if (users)
        write_file(d->users, users);
}

static void remove_dump(dump_dir *d)
{
    unlink(d->posts);
    unlink(d->users);
    unlink(d->archive);
    rmdir(d->site);
    rmdir(d->top);
}

static int read_dump(seen *s, const char *path, se_stats *st)
{
    diag_sink sink = {on_diag, s};
    return se_read_dump_stats(path, on_passage, s, &sink, st);
}

static const char *const good_posts =
    XML_HEAD
    "  <row Id=\"1\" PostTypeId=\"1\" AcceptedAnswerId=\"3\" CreationDate=\"2015-01-27T21:23:05.507\" "
    "Score=\"4\" Body=\"&lt;p&gt;Which knife &amp;amp; why?&lt;/p&gt;&#xA;\" OwnerUserId=\"7\" "
    "Title=\"Knives &amp; boards\" Tags=\"&lt;knives&gt;&lt;tools&gt;\" AnswerCount=\"2\" />\r\n"
    "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-28T08:00:00.100\" "
    "Score=\"-2\" Body=\"&lt;p&gt;A cleaver.&lt;/p&gt;&lt;pre&gt;&lt;code&gt;chop()&#xA;  twice"
    "&lt;/code&gt;&lt;/pre&gt;\" OwnerDisplayName=\"anon cook\" />\r\n"
    "  <row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2015-01-29T09:10:11.000\" "
    "Score=\"10\" Body=\"&lt;p&gt;A chef&amp;#39;s knife.&lt;/p&gt;\" OwnerUserId=\"7\" />\r\n"
    "  <row Id=\"4\" PostTypeId=\"1\" CreationDate=\"2015-02-01T00:00:00.000\" Score=\"0\" "
    "Body=\"&lt;p&gt;Nobody answers.&lt;/p&gt;\" Title=\"Alone\" Tags=\"&lt;x&gt;\" />\r\n"
    "  <row Id=\"5\" PostTypeId=\"5\" CreationDate=\"2015-02-01T00:00:00.000\" Score=\"0\" "
    "Body=\"\" />\r\n"
    "  <row Id=\"6\" PostTypeId=\"4\" CreationDate=\"2015-02-01T00:00:00.000\" Score=\"0\" "
    "Body=\"excerpt\" />\r\n"
    "  <row Id=\"8\" PostTypeId=\"6\" CreationDate=\"2015-02-01T00:00:00.000\" Score=\"0\" "
    "Body=\"\" />\r\n"
    "</posts>";

static const char *const good_users =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<users>\r\n"
    "  <row Id=\"-1\" Reputation=\"1\" DisplayName=\"Community\" />\r\n"
    "  <row Id=\"7\" Reputation=\"101\" DisplayName=\"Ana B&#xE9;\" />\r\n"
    "</users>";

#define SUMMARY_GOOD                                                                     \
    "site cooking.meta: 2 answers read; not indexed: 1 question without answers, 2 tag " \
    "wiki posts, 1 other post"

static void check_good(const seen *s, const char *source)
{
    assert_int_equal(s->n_passages, 2);
    const passage *a = &s->passages[0], *b = &s->passages[1];
    assert_string_equal(a->id, "cooking.meta-2");
    assert_string_equal(a->answer_title, "");
    assert_string_equal(a->answer_body, "A cleaver.\n\nchop()\n  twice");
    assert_string_equal(a->question_title, "Knives & boards");
    assert_string_equal(a->question_body, "Which knife & why?");
    assert_string_equal(a->source, source);
    assert_int_equal(a->line, 4);
    assert_int_equal(a->answer_no, 0);
    assert_string_equal(a->question_key, "cooking.meta-1");
    assert_string_equal(a->site, "cooking.meta");
    assert_string_equal(a->tags, "knives tools");
    assert_string_equal(a->date, "2015-01-28T08:00:00");
    assert_string_equal(a->author, "anon cook");
    assert_string_equal(a->link, "https://cooking.meta.stackexchange.com/a/2");
    assert_int_equal(a->has_score, 1);
    assert_int_equal(a->score, -2);
    assert_int_equal(a->accepted, 0);

    assert_string_equal(b->id, "cooking.meta-3");
    assert_string_equal(b->answer_body, "A chef's knife.");
    assert_int_equal(b->line, 5);
    assert_string_equal(b->date, "2015-01-29T09:10:11");
    assert_int_equal(b->score, 10);
    assert_int_equal(b->accepted, 1);
    assert_string_equal(b->link, "https://cooking.meta.stackexchange.com/a/3");
}

static void test_answers_become_passages(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d, good_posts, good_users);
    se_stats st;
    assert_int_equal(read_dump(s, d.posts, &st), 0);
    check_good(s, d.posts);
    assert_string_equal(s->passages[1].author, "Ana B\xC3\xA9");
    assert_int_equal(st.answers, 2);
    assert_int_equal(st.questions, 2);
    assert_int_equal(st.unanswered, 1);
    assert_int_equal(st.tag_wikis, 2);
    assert_int_equal(st.other, 1);
    assert_int_equal(st.skipped, 0);
    assert_int_equal(st.xml_bytes, strlen(good_posts));
    assert_int_equal(s->n_diags, 1);
    assert_int_equal(s->diags[0].level, DIAG_WARNING);
    assert_string_equal(s->diags[0].file, d.posts);
    assert_int_equal(s->diags[0].line, 0);
    assert_string_equal(s->diags[0].msg, SUMMARY_GOOD);
    remove_dump(&d);
}

/* Without Users.xml, an OwnerUserId gives no author. */
static void test_no_users_file(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d, good_posts, NULL);
    assert_int_equal(read_dump(s, d.posts, NULL), 0);
    assert_int_equal(s->n_passages, 2);
    assert_string_equal(s->passages[0].author, "anon cook");
    assert_null(s->passages[1].author);
    remove_dump(&d);
}

/* Answers before their question are kept on disk and joined at the end. */
static void test_answer_before_question(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d,
              XML_HEAD
              "  <row Id=\"12\" PostTypeId=\"2\" ParentId=\"11\" Score=\"1\" Body=\"early\" />\r\n"
              "  <row Id=\"11\" PostTypeId=\"1\" Score=\"1\" Body=\"q\" Title=\"T\" "
              "Tags=\"|a|b-c|\" AcceptedAnswerId=\"12\" />\r\n"
              "  <row Id=\"13\" PostTypeId=\"2\" ParentId=\"11\" Body=\"late\" />\r\n"
              "</posts>",
              NULL);
    assert_int_equal(read_dump(s, d.posts, NULL), 0);
    assert_int_equal(s->n_passages, 2);
    assert_string_equal(s->passages[0].id, "cooking.meta-13");
    assert_int_equal(s->passages[0].has_score, 0);
    assert_null(s->passages[0].date);
    assert_string_equal(s->passages[1].id, "cooking.meta-12");
    assert_string_equal(s->passages[1].answer_body, "early");
    assert_int_equal(s->passages[1].line, 3);
    assert_int_equal(s->passages[1].accepted, 1);
    assert_string_equal(s->passages[1].tags, "a b-c");
    assert_string_equal(s->passages[1].question_title, "T");
    remove_dump(&d);
}

/* Each bad row is reported at its line and skipped; the good ones stay. */
static void test_bad_rows(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d,
              XML_HEAD
              "  <row Id=\"1\" PostTypeId=\"1\" Body=\"q\" Title=\"Q\" />\r\n"    /* 3 */
              "  <row PostTypeId=\"2\" ParentId=\"1\" Body=\"no id\" />\r\n"      /* 4 */
              "  <row Id=\"x2\" PostTypeId=\"2\" ParentId=\"1\" Body=\"\" />\r\n" /* 5 */
              "  <row Id=\"3\" Body=\"no type\" />\r\n"                           /* 6 */
              "  <row Id=\"4\" PostTypeId=\"2\" Body=\"no parent\" />\r\n"        /* 7 */
              "  <row Id=\"5\" PostTypeId=\"2\" ParentId=\"99\" Body=\"orphan\" />\r\n"
              "  <row Id=\"6\" PostTypeId=\"2\" ParentId=\"1\" Body=\"bad \xC3( byte\" />\r\n"
              "  <row Id=\"7\" PostTypeId=\"2\" ParentId=\"1\" Score=\"many\" Body=\"good\" />\r\n"
              "  <row Id=\"1\" PostTypeId=\"1\" Body=\"again\" Title=\"Q2\" />\r\n" /* 11 */
              "  <row Id=\"8\" PostTypeId=\"2\" ParentId=\"1\" Body=\"ctl \x01 char\" />\r\n"
              "</posts>",
              NULL);
    se_stats st;
    assert_int_equal(read_dump(s, d.posts, &st), 0);
    assert_int_equal(s->n_passages, 1);
    assert_string_equal(s->passages[0].id, "cooking.meta-7");
    assert_string_equal(s->passages[0].question_title, "Q");
    assert_int_equal(s->passages[0].has_score, 0);
    struct {
        diag_level level;
        unsigned line;
        const char *msg;
    } want[] = {
        {DIAG_ERROR, 4, "row without an Id; skipped"},
        {DIAG_ERROR, 5, "row with a malformed Id; skipped"},
        {DIAG_ERROR, 6, "post 3 has no PostTypeId; skipped"},
        {DIAG_ERROR, 7, "answer 4 has no ParentId; skipped"},
        {DIAG_ERROR, 9, "ill-formed UTF-8 or a control character; skipped"},
        {DIAG_WARNING, 10, "answer 7: Score 'many' is not a whole number; left out"},
        {DIAG_ERROR, 11, "question 1 given again; skipped"},
        {DIAG_ERROR, 12, "ill-formed UTF-8 or a control character; skipped"},
        {DIAG_ERROR, 8, "answer 5: its question 99 is not in the dump; skipped"},
        {DIAG_WARNING, 0,
         "site cooking.meta: 1 answer read; not indexed: 0 questions without answers, 0 tag "
         "wiki posts, 0 other posts (and the rows refused above)"},
    };
    assert_int_equal(s->n_diags, sizeof want / sizeof *want);
    for (size_t i = 0; i < s->n_diags; i++) {
        assert_int_equal(s->diags[i].level, want[i].level);
        assert_string_equal(s->diags[i].file, d.posts);
        assert_int_equal(s->diags[i].line, want[i].line);
        assert_string_equal(s->diags[i].msg, want[i].msg);
    }
    assert_int_equal(st.skipped, 8);
    remove_dump(&d);
}

/* XML that breaks off: the rows before are delivered, the break reported. */
static void test_cut_off(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d,
              XML_HEAD
              "  <row Id=\"1\" PostTypeId=\"1\" Body=\"q\" Title=\"Q\" />\r\n"
              "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" Body=\"kept\" />\r\n"
              "  <row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" Bo",
              NULL);
    assert_int_equal(read_dump(s, d.posts, NULL), -1);
    assert_int_equal(s->n_passages, 1);
    assert_string_equal(s->passages[0].answer_body, "kept");
    assert_int_equal(s->n_diags, 2); /* the break, then the summary */
    assert_string_equal(s->diags[1].msg, "site cooking.meta: 1 answer read; not indexed: 0 "
                                         "questions without answers, 0 tag wiki posts, 0 "
                                         "other posts");
    assert_int_equal(s->diags[0].level, DIAG_ERROR);
    assert_int_equal(s->diags[0].line, 5);
    const char *m = s->diags[0].msg, *tail = "; the rest of the file is not read";
    assert_true(strncmp(m, "XML error: ", 11) == 0);
    assert_true(strlen(m) > strlen(tail) + 11);
    assert_string_equal(m + strlen(m) - strlen(tail), tail);
    remove_dump(&d);
}

static void test_missing_file(void **state)
{
    seen *s = *state;
    assert_int_equal(read_dump(s, "/nonexistent/site/Posts.xml", NULL), -1);
    assert_int_equal(s->n_diags, 1);
    assert_string_equal(s->diags[0].msg, "cannot open: No such file or directory; skipped");
    assert_int_equal(s->diags[0].line, 0);
}

/* The callback's non-zero value stops the reading and is returned. */
static void test_stop(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d, good_posts, good_users);
    s->stop_after = 1;
    assert_int_equal(read_dump(s, d.posts, NULL), 7);
    assert_int_equal(s->n_passages, 1);
    assert_int_equal(s->n_diags, 0);
    remove_dump(&d);
}

static void add_member(struct archive *a, const char *name, const char *text)
{
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)strlen(text));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    assert_int_equal(archive_write_data(a, text, strlen(text)), (la_ssize_t)strlen(text));
    archive_entry_free(e);
}

/* SITE.7z (BZip2, as published): the same passages as the directory, the
 * archive as source, messages naming ARCHIVE:MEMBER. */
static void test_archive(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d, good_posts, good_users);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_7zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_set_format_option(a, "7zip", "compression", "bzip2"),
                     ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, d.archive), ARCHIVE_OK);
    add_member(a, "Users.xml", good_users);
    add_member(a, "Posts.xml", good_posts);
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);

    assert_int_equal(read_dump(s, d.archive, NULL), 0);
    check_good(s, d.archive);
    assert_string_equal(s->passages[1].author, "Ana B\xC3\xA9");
    assert_int_equal(s->n_diags, 1);
    assert_string_equal(s->diags[0].file, d.archive);
    assert_string_equal(s->diags[0].msg, SUMMARY_GOOD);
    remove_dump(&d);
}

/* A broken row inside an archive: ARCHIVE:Posts.xml:LINE; no Posts.xml. */
static void test_archive_problems(void **state)
{
    seen *s = *state;
    dump_dir d;
    make_dump(&d, "", NULL);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format_7zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, d.archive), ARCHIVE_OK);
    add_member(a, "Posts.xml",
               XML_HEAD "  <row Id=\"1\" PostTypeId=\"2\" Body=\"x\" />\r\n</posts>");
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    assert_int_equal(read_dump(s, d.archive, NULL), 0);
    assert_int_equal(s->n_passages, 0);
    assert_int_equal(s->n_diags, 2);
    char want[256];
    snprintf(want, sizeof want, "%s:Posts.xml", d.archive);
    assert_string_equal(s->diags[0].file, want);
    assert_int_equal(s->diags[0].line, 3);
    assert_string_equal(s->diags[0].msg, "answer 1 has no ParentId; skipped");

    a = archive_write_new();
    assert_int_equal(archive_write_set_format_7zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, d.archive), ARCHIVE_OK);
    add_member(a, "Comments.xml", "<comments/>");
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    assert_int_equal(read_dump(s, d.archive, NULL), -1);
    assert_int_equal(s->n_diags, 3);
    assert_string_equal(s->diags[2].file, d.archive);
    assert_string_equal(s->diags[2].msg, "no Posts.xml in the archive; skipped");
    remove_dump(&d);
}

static void check_site(const char *path, const char *site, const char *link)
{
    char *got = se_site_name(path);
    assert_non_null(got);
    assert_string_equal(got, site);
    char *l = se_site_link(got, "42");
    assert_string_equal(l, link);
    free(l);
    free(got);
}

static void test_sites_and_links(void **state)
{
    (void)state;
    check_site("x/coffee.meta.stackexchange.com.7z", "coffee.meta",
               "https://coffee.meta.stackexchange.com/a/42");
    check_site("/d/coffee.meta/Posts.xml", "coffee.meta",
               "https://coffee.meta.stackexchange.com/a/42");
    check_site("ai.stackexchange.com.7z", "ai", "https://ai.stackexchange.com/a/42");
    check_site("stackoverflow.com-Posts.7z", "stackoverflow", "https://stackoverflow.com/a/42");
    check_site("meta.stackoverflow.com.7z", "meta.stackoverflow",
               "https://meta.stackoverflow.com/a/42");
    check_site("superuser.com.7z", "superuser", "https://superuser.com/a/42");
    check_site("serverfault.com.7z", "serverfault", "https://serverfault.com/a/42");
    check_site("askubuntu.com.7z", "askubuntu", "https://askubuntu.com/a/42");
    check_site("mathoverflow.net.7z", "mathoverflow", "https://mathoverflow.net/a/42");
    check_site("meta.mathoverflow.net.7z", "meta.mathoverflow",
               "https://meta.mathoverflow.net/a/42");
    check_site("stackapps.com.7z", "stackapps", "https://stackapps.com/a/42");
    check_site("ru.stackoverflow.com.7z", "ru.stackoverflow",
               "https://ru.stackoverflow.com/a/42");
    check_site("/dumps/superuser.meta/Posts.xml", "superuser.meta",
               "https://meta.superuser.com/a/42");
    check_site("/dumps/math.stackexchange.com/Posts.xml", "math",
               "https://math.stackexchange.com/a/42");
    assert_int_equal(se_is_dump_path("a/Posts.xml"), 1);
    assert_int_equal(se_is_dump_path("a/b.7z"), 1);
    assert_int_equal(se_is_dump_path("a/posts.xml"), 0);
    assert_int_equal(se_is_dump_path("a/b.txt"), 0);
}

static void check_html(const char *html, const char *text)
{
    char *got = html_text(html, strlen(html));
    assert_non_null(got);
    assert_string_equal(got, text);
    free(got);
}

static void test_html_text(void **state)
{
    (void)state;
    check_html("", "");
    check_html("<p></p>", "");
    check_html("<p>One\n  two</p><p>Three</p>", "One two\n\nThree");
    check_html("a<br>b<br/>c", "a\nb\nc");
    check_html("<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter");
    check_html("<p>Use <code>ls -l</code> here</p>", "Use ls -l here");
    check_html("<pre><code>int main()\n{\n\treturn 0;\n}\n</code></pre>",
               "int main()\n{\n return 0;\n}");
    check_html("<p>&lt;tag&gt; &amp; &eacute; &#233; &#x1F600;</p>",
               "<tag> & \xC3\xA9 \xC3\xA9 \xF0\x9F\x98\x80");
    check_html("<script>alert(1)</script><style>p{}</style><p>kept</p><!-- no -->", "kept");
    check_html("<h2>Title</h2>text<blockquote>quote</blockquote>", "Title\n\ntext\n\nquote");
    check_html("<p>unclosed <b>bold<p>next", "unclosed bold\n\nnext");
    check_html("tab\there \x01 ctl", "tab here ctl");
    check_html("bad \xC3( utf", "bad \xEF\xBF\xBD( utf");
    check_html("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc");
    check_html("<p>x <a href=\"u\">link</a> y</p>", "x link y");
    /* Found by fuzz_se_dump: <pre> keeps spaces, yet the text ends in none,
     * and drops DEL as flowing text does. */
    check_html("<p>a</p><pre>code   </pre>", "a\n\ncode");
    check_html("<pre>  lead</pre>", "lead");
    check_html("<pre>x\x7fy</pre>", "xy");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_answers_become_passages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_users_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_answer_before_question, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cut_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_archive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_archive_problems, setup, teardown),
        cmocka_unit_test(test_sites_and_links),
        cmocka_unit_test(test_html_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
