// The regular-expression subset of field patterns (docs/fields.md), matched in linear time.
// Patterns come from integration definitions; values from users. A Pike VM keeps matching
// proportional to value × pattern length, whatever the pattern, so no input can stall the modal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

class Pattern {
public:
    // nullopt when the pattern is outside the subset; `error` then says why.
    static std::optional<Pattern> compile(std::string_view source, std::string* error = nullptr);

    // True when the whole text matches.
    bool matches(std::u32string_view text) const;

    struct Range {
        char32_t first;
        char32_t last;
    };
    struct CharClass {
        std::vector<Range> ranges;
        bool negated = false;
        bool contains(char32_t c) const;
    };
    enum class Op { literal, any, char_class, split, jump, match };
    struct Instruction {
        Op op;
        char32_t literal = 0;
        int target = 0;     // jump / first branch of split / class index
        int alternate = 0;  // second branch of split
    };

private:
    std::vector<Instruction> program_;
    std::vector<CharClass> classes_;
    friend class PatternCompiler;
};

}  // namespace authkit
