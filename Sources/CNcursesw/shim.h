// ncursesw with the wide-character API visible, plus inline accessors for what Swift cannot
// import: attribute macros, WACS_* line characters, getmaxyx, and wcwidth (Glibc's module map
// builds wchar.h without __USE_XOPEN). See shared notes: swift-ncurses.md, section 1.
#define NCURSES_WIDECHAR 1
#include <ncurses.h>
#include <wchar.h>
#include <locale.h>
#include <langinfo.h>
#include <sys/prctl.h>

static inline WINDOW *sh_stdscr(void) { return stdscr; }
static inline attr_t sh_A_BOLD(void) { return A_BOLD; }
static inline attr_t sh_A_REVERSE(void) { return A_REVERSE; }
static inline attr_t sh_A_UNDERLINE(void) { return A_UNDERLINE; }
static inline attr_t sh_A_DIM(void) { return A_DIM; }
static inline attr_t sh_A_STANDOUT(void) { return A_STANDOUT; }
static inline void sh_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int sh_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int sh_lines(void) { return LINES; }
static inline int sh_cols(void) { return COLS; }

// No core dump or ptrace attach by other processes of the same user: case data stays in memory.
static inline void sh_set_not_dumpable(void) { prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); }

// Whether terminfo describes a terminal type: setupterm looks it up (without exiting, since an
// error pointer is given), and the description is freed at once, leaving cur_term as it was.
#include <term.h>
static inline int sh_terminal_known(const char *name) {
  int error = 0;
  TERMINAL *saved = cur_term;
  if (setupterm((char *)name, 1, &error) != OK) return 0;
  del_curterm(set_curterm(saved));
  return 1;
}
