package org.mailpolicy.tags;

import java.util.Objects;
import java.util.Optional;

/** The outcome of parsing a tag-list: either the list or a syntax error that says where and why. */
public final class TagListResult {

    private final TagList tagList;
    private final String error;

    private TagListResult(TagList tagList, String error) {
        this.tagList = tagList;
        this.error = error;
    }

    static TagListResult ok(TagList tagList) {
        return new TagListResult(Objects.requireNonNull(tagList), null);
    }

    static TagListResult error(String error) {
        return new TagListResult(null, Objects.requireNonNull(error));
    }

    public boolean isValid() {
        return tagList != null;
    }

    /** The parsed list; empty when the text was not a valid tag-list. */
    public Optional<TagList> tagList() {
        return Optional.ofNullable(tagList);
    }

    /** Why the text is not a valid tag-list; empty when it is. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return isValid() ? tagList.toString() : "invalid: " + error;
    }
}
