#include "authkit/pattern.hpp"

#include "authkit/text.hpp"

#include <memory>

namespace authkit {
namespace {

constexpr int kMaxRepeat = 1000;
constexpr std::size_t kMaxProgram = 20000;
constexpr int kUnbounded = -1;

bool is_line_terminator(char32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

// The characters JavaScript's \s matches.
const std::vector<Pattern::Range>& space_ranges() {
    static const std::vector<Pattern::Range> ranges = {
        {0x09, 0x0D}, {0x20, 0x20}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A}, {0x2028, 0x2029},
        {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
    return ranges;
}

std::vector<Pattern::Range> complement(const std::vector<Pattern::Range>& ranges) {
    std::vector<Pattern::Range> out;
    char32_t next = 0;
    for (const auto& range : ranges) {  // ranges are sorted and disjoint
        if (range.first > next) out.push_back({next, range.first - 1});
        next = range.last + 1;
    }
    if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
    return out;
}

// \d \w \s and their negations as ranges; nullopt for other letters.
std::optional<std::vector<Pattern::Range>> shorthand_class(char32_t letter) {
    switch (letter) {
        case 'd': return std::vector<Pattern::Range>{{'0', '9'}};
        case 'D': return complement({{'0', '9'}});
        case 'w': return std::vector<Pattern::Range>{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
        case 'W': return complement({{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}});
        case 's': return space_ranges();
        case 'S': return complement(space_ranges());
        default: return std::nullopt;
    }
}

bool is_escapable(char32_t c) {
    for (char32_t allowed : U".-\\/()[]{}*+?|^$")
        if (c == allowed) return true;
    return false;
}

struct Node {
    enum class Kind { literal, any, char_class, concat, alternation, repeat };
    explicit Node(Kind k) : kind(k) {}
    Kind kind;
    char32_t literal = 0;
    int class_index = 0;
    int min = 0;
    int max = 0;
    std::vector<Node> children;
};

}  // namespace

bool Pattern::CharClass::contains(char32_t c) const {
    bool inside = false;
    for (const auto& range : ranges) {
        if (c >= range.first && c <= range.last) {
            inside = true;
            break;
        }
    }
    return inside != negated;
}

// Parses the subset into a tree, then lays the tree out as a Pike VM program.
class PatternCompiler {
public:
    explicit PatternCompiler(std::u32string source) : src_(std::move(source)) {}

    std::optional<Pattern> run(std::string* error) {
        // Anchors are implied: the whole value always has to match.
        if (!src_.empty() && src_.front() == '^') pos_ = 1;
        end_ = src_.size();
        if (end_ > pos_ && src_[end_ - 1] == '$' && !escaped_at(end_ - 1)) --end_;
        Node root = alternation();
        if (failed_.empty() && pos_ != end_) failed_ = at_position("unexpected character");
        if (failed_.empty()) emit(root);
        if (failed_.empty() && out_.program_.size() > kMaxProgram) failed_ = "pattern is too large";
        if (!failed_.empty()) {
            if (error) *error = failed_;
            return std::nullopt;
        }
        out_.program_.push_back({Pattern::Op::match});
        return std::move(out_);
    }

private:
    bool escaped_at(std::size_t index) const {
        std::size_t backslashes = 0;
        while (index > backslashes && src_[index - 1 - backslashes] == '\\') ++backslashes;
        return backslashes % 2 == 1;
    }

    std::string at_position(const char* what) const { return std::string(what) + " at " + std::to_string(pos_); }

    bool more() const { return failed_.empty() && pos_ < end_; }
    char32_t peek() const { return src_[pos_]; }

    void fail(const char* what) {
        if (failed_.empty()) failed_ = at_position(what);
    }

    Node alternation() {
        Node first = concatenation();
        if (!more() || peek() != '|') return first;
        Node node{Node::Kind::alternation};
        node.children.push_back(std::move(first));
        while (more() && peek() == '|') {
            ++pos_;
            node.children.push_back(concatenation());
        }
        return node;
    }

    Node concatenation() {
        Node node{Node::Kind::concat};
        while (more() && peek() != '|' && peek() != ')') node.children.push_back(repetition());
        return node;
    }

    Node repetition() {
        Node atom_node = atom();
        if (!more()) return atom_node;
        int min = 0, max = 0;
        const char32_t c = peek();
        if (c == '*') min = 0, max = kUnbounded, ++pos_;
        else if (c == '+') min = 1, max = kUnbounded, ++pos_;
        else if (c == '?') min = 0, max = 1, ++pos_;
        else if (c == '{') {
            if (!counted(min, max)) return atom_node;
        } else {
            return atom_node;
        }
        if (more() && peek() == '?') fail("lazy quantifiers are not supported");
        if (more() && (peek() == '*' || peek() == '+' || peek() == '{')) fail("nothing to repeat");
        Node node{Node::Kind::repeat};
        node.min = min;
        node.max = max;
        node.children.push_back(std::move(atom_node));
        return node;
    }

    // {n}, {n,}, {n,m}
    bool counted(int& min, int& max) {
        ++pos_;
        auto number = [&](int& value) {
            if (!more() || peek() < '0' || peek() > '9') return false;
            value = 0;
            while (more() && peek() >= '0' && peek() <= '9') {
                value = value * 10 + static_cast<int>(peek() - '0');
                if (value > kMaxRepeat) {
                    fail("repeat count is over 1000");
                    return false;
                }
                ++pos_;
            }
            return true;
        };
        if (!number(min)) {
            fail("a '{' must start a repeat count");
            return false;
        }
        max = min;
        if (more() && peek() == ',') {
            ++pos_;
            max = kUnbounded;
            if (more() && peek() != '}' && !number(max)) return false;
        }
        if (!more() || peek() != '}') {
            fail("unclosed repeat count");
            return false;
        }
        ++pos_;
        if (max != kUnbounded && max < min) {
            fail("repeat count is out of order");
            return false;
        }
        return true;
    }

    Node atom() {
        const char32_t c = peek();
        switch (c) {
            case '(': return group();
            case '[': return bracket_class();
            case '.': ++pos_; return Node{Node::Kind::any};
            case '\\': return escape();
            case '*': case '+': case '?': fail("nothing to repeat"); ++pos_; return Node{Node::Kind::concat};
            case '{': case '}': case ']': fail("this character must be escaped"); ++pos_; return Node{Node::Kind::concat};
            case '^': case '$': fail("anchors are only allowed at the start and the end"); ++pos_; return Node{Node::Kind::concat};
            default: ++pos_; return literal(c);
        }
    }

    Node literal(char32_t c) {
        Node node{Node::Kind::literal};
        node.literal = c;
        return node;
    }

    Node group() {
        ++pos_;
        if (more() && peek() == '?') {
            if (pos_ + 1 < end_ && src_[pos_ + 1] == ':') {
                pos_ += 2;
            } else {
                fail("lookaround and named groups are not supported");
                return Node{Node::Kind::concat};
            }
        }
        Node inner = alternation();
        if (!more() || peek() != ')') {
            fail("unclosed group");
            return inner;
        }
        ++pos_;
        return inner;
    }

    Node escape() {
        ++pos_;
        if (!more()) {
            fail("the pattern ends with a backslash");
            return Node{Node::Kind::concat};
        }
        const char32_t c = peek();
        ++pos_;
        if (auto ranges = shorthand_class(c)) return class_node({std::move(*ranges), false});
        if (is_escapable(c)) return literal(c);
        fail("this escape is not supported");
        return Node{Node::Kind::concat};
    }

    // One member of a bracket class: a character, or (when `ranges` is set) a shorthand class.
    bool class_atom(char32_t& c, std::vector<Pattern::Range>* shorthand) {
        if (peek() != '\\') {
            c = peek();
            ++pos_;
            return true;
        }
        ++pos_;
        if (!more()) {
            fail("unclosed character class");
            return false;
        }
        const char32_t letter = peek();
        ++pos_;
        if (auto ranges = shorthand_class(letter)) {
            if (!shorthand) {
                fail("a range cannot end with a class escape");
                return false;
            }
            *shorthand = std::move(*ranges);
            return true;
        }
        if (is_escapable(letter)) {
            c = letter;
            return true;
        }
        fail("this escape is not supported");
        return false;
    }

    Node bracket_class() {
        ++pos_;
        Pattern::CharClass cls;
        if (more() && peek() == '^') {
            cls.negated = true;
            ++pos_;
        }
        if (more() && peek() == ']') {
            fail("empty character class");
            return Node{Node::Kind::concat};
        }
        while (more() && peek() != ']') {
            char32_t first = 0;
            std::vector<Pattern::Range> shorthand;
            if (!class_atom(first, &shorthand)) return Node{Node::Kind::concat};
            if (!shorthand.empty()) {
                if (more() && peek() == '-' && pos_ + 1 < end_ && src_[pos_ + 1] != ']') {
                    fail("a range cannot start with a class escape");
                    return Node{Node::Kind::concat};
                }
                cls.ranges.insert(cls.ranges.end(), shorthand.begin(), shorthand.end());
                continue;
            }
            char32_t last = first;
            if (more() && peek() == '-' && pos_ + 1 < end_ && src_[pos_ + 1] != ']') {
                ++pos_;
                if (!class_atom(last, nullptr)) return Node{Node::Kind::concat};
                if (last < first) {
                    fail("range out of order");
                    return Node{Node::Kind::concat};
                }
            }
            cls.ranges.push_back({first, last});
        }
        if (!more()) {
            fail("unclosed character class");
            return Node{Node::Kind::concat};
        }
        ++pos_;
        return class_node(std::move(cls));
    }

    Node class_node(Pattern::CharClass cls) {
        Node node{Node::Kind::char_class};
        node.class_index = static_cast<int>(out_.classes_.size());
        out_.classes_.push_back(std::move(cls));
        return node;
    }

    int here() const { return static_cast<int>(out_.program_.size()); }

    int add(Pattern::Op op) {
        out_.program_.push_back({op});
        return here() - 1;
    }

    void emit(const Node& node) {
        if (out_.program_.size() > kMaxProgram) return;  // reported once laid out
        auto& program = out_.program_;
        switch (node.kind) {
            case Node::Kind::literal: program.push_back({Pattern::Op::literal, node.literal}); break;
            case Node::Kind::any: program.push_back({Pattern::Op::any}); break;
            case Node::Kind::char_class: program.push_back({Pattern::Op::char_class, 0, node.class_index}); break;
            case Node::Kind::concat:
                for (const Node& child : node.children) emit(child);
                break;
            case Node::Kind::alternation: {
                std::vector<int> jumps;
                for (std::size_t i = 0; i < node.children.size(); ++i) {
                    if (i + 1 < node.children.size()) {
                        const int split = add(Pattern::Op::split);
                        program[split].target = here();
                        emit(node.children[i]);
                        jumps.push_back(add(Pattern::Op::jump));
                        program[split].alternate = here();
                    } else {
                        emit(node.children[i]);
                    }
                }
                for (int jump : jumps) program[jump].target = here();
                break;
            }
            case Node::Kind::repeat: {
                const Node& body = node.children.front();
                for (int i = 0; i < node.min; ++i) emit(body);
                if (node.max == kUnbounded) {
                    const int split = add(Pattern::Op::split);
                    program[split].target = here();
                    emit(body);
                    const int jump = add(Pattern::Op::jump);
                    program[jump].target = split;
                    program[split].alternate = here();
                } else {
                    std::vector<int> splits;
                    for (int i = node.min; i < node.max; ++i) {
                        const int split = add(Pattern::Op::split);
                        program[split].target = here();
                        splits.push_back(split);
                        emit(body);
                    }
                    for (int split : splits) program[split].alternate = here();
                }
                break;
            }
        }
    }

    std::u32string src_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    std::string failed_;
    Pattern out_;
};

std::optional<Pattern> Pattern::compile(std::string_view source, std::string* error) {
    return PatternCompiler(decode_utf8(source)).run(error);
}

bool Pattern::matches(std::u32string_view text) const {
    const int size = static_cast<int>(program_.size());
    std::vector<int> current, next;
    std::vector<std::size_t> seen(program_.size(), static_cast<std::size_t>(-1));
    current.reserve(program_.size());
    next.reserve(program_.size());

    // Follows jumps and splits from `pc`, adding each reachable instruction once per step.
    auto add_thread = [&](std::vector<int>& list, int start, std::size_t step) {
        std::vector<int> stack{start};
        while (!stack.empty()) {
            const int pc = stack.back();
            stack.pop_back();
            if (pc < 0 || pc >= size || seen[pc] == step) continue;
            seen[pc] = step;
            const Instruction& inst = program_[pc];
            if (inst.op == Op::jump) {
                stack.push_back(inst.target);
            } else if (inst.op == Op::split) {
                stack.push_back(inst.alternate);  // pushed first so the preferred branch runs first
                stack.push_back(inst.target);
            } else {
                list.push_back(pc);
            }
        }
    };

    add_thread(current, 0, 0);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char32_t c = text[i];
        next.clear();
        for (int pc : current) {
            const Instruction& inst = program_[pc];
            bool advance = false;
            switch (inst.op) {
                case Op::literal: advance = inst.literal == c; break;
                case Op::any: advance = !is_line_terminator(c); break;
                case Op::char_class: advance = classes_[inst.target].contains(c); break;
                default: break;
            }
            if (advance) add_thread(next, pc + 1, i + 1);
        }
        current.swap(next);
        if (current.empty()) return false;
    }
    for (int pc : current)
        if (program_[pc].op == Op::match) return true;
    return false;
}

}  // namespace authkit
