#include "cli/completion_script.h"

namespace kexit::cli {
namespace {

// COMP_WORDBREAKS splits "--output=json" into "--output" "=" "json": the "=" words are left
// out and the value is completed on its own. The last line of `kexit __complete` is ":N",
// N the directive (completion_engine.h): 2 no space, 8 files, 16 directories.
constexpr const char* kBash = R"(# bash completion for kexit
# Load it in this shell:  source <(kexit completion bash)
# For every shell:        kexit completion bash > ~/.local/share/bash-completion/completions/kexit
_kexit_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} prefix="" out directive line i
  local -a words=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} == "=" ]] || words+=("${COMP_WORDS[i]}")
  done
  if [[ $cur == "=" ]]; then
    prefix="="
    cur=""
  fi
  COMPREPLY=()
  out=$(kexit __complete "${words[@]}" "$cur" 2>/dev/null) || return 0
  directive=${out##*:}
  out=${out%:*}
  case $directive in
    8)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return 0
      ;;
    16)
      compopt -o filenames 2>/dev/null
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return 0
      ;;
  esac
  while IFS= read -r line; do
    [[ -n $line ]] && COMPREPLY+=("$prefix$line")
  done <<<"$out"
  if [[ $directive == 2 ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}
complete -F _kexit_complete kexit
)";

constexpr const char* kZsh = R"(#compdef kexit
# zsh completion for kexit
# Load it in this shell (after compinit):  source <(kexit completion zsh)
# For every shell: kexit completion zsh > "${fpath[1]}/_kexit"
_kexit() {
  local out directive
  local -a candidates
  out=$(kexit __complete "${(@)words[2,CURRENT-1]}" "${words[CURRENT]}" 2>/dev/null) || return 1
  directive=${out##*:}
  candidates=("${(@f)${out%:*}}")
  candidates=(${candidates:#})
  case $directive in
    8) _files ;;
    16) _files -/ ;;
    2) compadd -S '' -- "${candidates[@]}" ;;
    *) compadd -- "${candidates[@]}" ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _kexit "$@"
else
  compdef _kexit kexit
fi
)";

constexpr const char* kFish = R"(# fish completion for kexit
# Load it in this shell:  kexit completion fish | source
# For every shell:        kexit completion fish > ~/.config/fish/completions/kexit.fish
function __kexit_complete
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l current (commandline -ct)
    set -l out (kexit __complete $tokens $current 2>/dev/null)
    or return
    set -l directive (string replace ':' '' -- $out[-1])
    set -e out[-1]
    switch $directive
        case 8
            __fish_complete_path $current
        case 16
            __fish_complete_directories $current
        case '*'
            printf '%s\n' $out
    end
end
complete -c kexit -f -a '(__kexit_complete)'
)";

}  // namespace

const std::vector<std::string>& completion_shells() {
  static const std::vector<std::string> kShells = {"bash", "fish", "zsh"};
  return kShells;
}

Expected<std::string> completion_script(const std::string& shell) {
  if (shell == "bash") {
    return std::string(kBash);
  }
  if (shell == "zsh") {
    return std::string(kZsh);
  }
  if (shell == "fish") {
    return std::string(kFish);
  }
  return Error{"no completion for shell \"" + shell + "\"; use bash, zsh or fish", "SHELL"};
}

}  // namespace kexit::cli
