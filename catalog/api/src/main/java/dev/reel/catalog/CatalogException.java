package dev.reel.catalog;

/**
 * A catalog request that cannot be done, with a stable {@link #code()} and the HTTP status it maps to: what a
 * client may fix ({@code bad-request}, {@code not-found}, {@code already-exists}, {@code forbidden}) or a
 * failure of the store ({@code internal}).
 */
public class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure: its code and HTTP status. */
    public enum Kind {
        BAD_REQUEST("bad-request", 400),
        FORBIDDEN("forbidden", 403),
        NOT_FOUND("not-found", 404),
        ALREADY_EXISTS("already-exists", 409),
        /** What a request reads is no longer what was registered: a file changed or vanished. */
        FAILED_PRECONDITION("failed-precondition", 412),
        INTERNAL("internal", 500);

        private final String code;
        private final int httpStatus;

        Kind(String code, int httpStatus) {
            this.code = code;
            this.httpStatus = httpStatus;
        }

        public String code() {
            return code;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public CatalogException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CatalogException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return kind.code();
    }

    public static CatalogException notFound(String message) {
        return new CatalogException(Kind.NOT_FOUND, message);
    }

    public static CatalogException alreadyExists(String message) {
        return new CatalogException(Kind.ALREADY_EXISTS, message);
    }

    public static CatalogException badRequest(String message) {
        return new CatalogException(Kind.BAD_REQUEST, message);
    }

    public static CatalogException failedPrecondition(String message) {
        return new CatalogException(Kind.FAILED_PRECONDITION, message);
    }

    public static CatalogException forbidden(String message) {
        return new CatalogException(Kind.FORBIDDEN, message);
    }
}
