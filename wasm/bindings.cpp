// Maps the core's types to JavaScript. Nothing here decides anything.
#include "authkit/machine.hpp"

#include <emscripten/bind.h>

EMSCRIPTEN_BINDINGS(authkit) {
    emscripten::class_<authkit::Machine>("Machine")
        .constructor<>()
        .function("send", &authkit::Machine::send_text)
        .function("view", &authkit::Machine::view_text)
        .function("eventLog", &authkit::Machine::event_log_text)
        .class_function("replay", &authkit::Machine::replay_text);
}
