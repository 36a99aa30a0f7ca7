#pragma once
// Required literals of a secret shape's pattern: lower-case strings of which every text the
// pattern matches holds at least one. The redactor compiles and applies a shape only to text
// holding one of its literals, so a run that redacts a few lines compiles a few shapes rather
// than all of them and their combined automaton.

#include <re2/re2.h>

#include <string>
#include <vector>

#include "base/expected.h"
#include "knowledge/knowledge_model.h"

namespace kexit::knowledge {

// The literals of `pattern` compiled with `options`, found by RE2's own prefilter
// (re2/filtered_re2.h): none when the pattern needs no literal (it is then tried on every
// text). Match them against the text lower-cased, and only against ASCII text: RE2 folds the
// Kelvin sign and the long s into ASCII letters. An error when the pattern does not compile.
Expected<std::vector<std::string>> required_literals(const std::string& pattern,
                                                     const RE2::Options& options);

// Sets `literals` of every shape that has none, for its pattern compiled as the redactor
// compiles it; a shape whose pattern does not compile is left unset (the redactor reports it).
void derive_required_literals(std::vector<SecretShape>& shapes);

}  // namespace kexit::knowledge
