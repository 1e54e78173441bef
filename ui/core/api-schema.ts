// Generated from the app's /openapi.json by openapi-typescript (ui/core/api-schema.test.ts): do not
// edit. After a route change: npx vitest run ui/core/api-schema.test.ts -u

export interface paths {
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness and database reachability */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Up */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok';
            };
          };
        };
        /** @description The database does not answer */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sign in: a session token for Authorization: Bearer */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @example anna@example.org */
            email: string;
            /** @example correct horse battery */
            password: string;
          };
        };
      };
      responses: {
        /** @description Signed in */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              token: string;
              /** Format: date-time */
              expiresAt: string;
            };
          };
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Wrong email address or password */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Locked after too many failures; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** End the session of this token */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Signed out */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Self sign-up (free plan): unverified until the mailed link is opened
     * @description Makes an unverified account and mails a one-time link (48 hours) to the address; nothing can be sent before it is opened. A taken address gets the same answer, and its owner a mail instead.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @example anna@example.org */
            email: string;
            /**
             * @description at least 10 characters
             * @example correct horse battery
             */
            password: string;
            /** @description shown to recipients as text; at most 100 characters */
            name?: string;
          };
        };
      };
      responses: {
        /** @description Created (or the address was taken: the same answer) */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Account'];
          };
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many sign-ups from this client address; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Confirm the address with the token of the mailed link */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            token: string;
          };
        };
      };
      responses: {
        /** @description The address is proven: sending works now */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Unknown, used or expired token */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/accounts/verify/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Mail the confirmation link again (at most once a minute, 5 a day) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Sent (nothing to do when the address is proven already) */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Asked too soon or too often; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/account': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The signed-in account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The account */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Account'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete the account and all of its data */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @example correct horse battery */
            password: string;
          };
        };
      };
      responses: {
        /** @description Deleted */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Wrong password */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Locked after too many wrong passwords; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change account settings: receipt mails (SMTP gateway), the name recipients see */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description send a receipt mail after each message through the SMTP gateway */
            receiptMails?: boolean;
            /** @description shown to recipients as text; at most 100 characters */
            name?: string | null;
          };
        };
      };
      responses: {
        /** @description The account */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Account'];
          };
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/v1/account/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Change the password; every other session ends */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @example correct horse battery */
            currentPassword: string;
            /** @example correct horse battery */
            newPassword: string;
          };
        };
      };
      responses: {
        /** @description Changed */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Wrong current password */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Locked after too many wrong passwords; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The account's API keys (without the keys themselves) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Keys */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiKeys: components['schemas']['ApiKey'][];
            };
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /** Create an API key; the key is in this answer and never again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            /**
             * @description the account password: a key outlives the session, so a session alone cannot make one
             * @example correct horse battery
             */
            password: string;
          };
        };
      };
      responses: {
        /** @description Created */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ApiKey'] & {
              apiKey: string;
            };
          };
        };
        /** @description Invalid body */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Wrong password */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Locked after too many wrong passwords; see Retry-After */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/api-keys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke an API key; it stops working at once */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description No such key of this account */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The caller's own messages, newest first, each with its password */
    get: {
      parameters: {
        query?: {
          limit?: number;
          /** @description nextCursor of the previous page */
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description One page */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['MessageList'];
          };
        };
        /** @description Bad cursor or limit */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Seal a message, send it, and record it
     * @description Recipients `<phone>@sms.local` and each `sms` entry get the password by SMS (paid plan). Waits a few seconds for the first delivery attempt: `sent` when the relay took it, else `queued`.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description a retry with the same key returns the first answer and sends nothing again */
          'idempotency-key'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SendMessage'];
        };
      };
      responses: {
        /** @description Sealed and stored; see status */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['SentMessage'];
          };
        };
        /** @description Invalid body (errors name each bad field) */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description SMS on the free plan: nothing was sent */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Idempotency-Key used before for a different request */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Attachments too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** One of the caller's own messages */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The message */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Message'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such message of yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{id}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Send the same sealed mail again (same bytes, password and Message-ID) to its mail recipients
     * @description For a recipient whose mail system removed the attachments. The sealed mail is kept for 30 days after sending; a resend counts against the daily message quota like a new message.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The message, with its recipients' statuses */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Message'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Unverified or suspended: nothing was sent */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such message of yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The sealed mail is no longer kept: send a new message */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Daily message quota reached */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{id}/replies': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reply to a sealed message (the /open page; no account)
     * @description Seals the reply with the message's password and sends it to the message's sender only. `proof` is HMAC-SHA256 over the reply, keyed from the password (README "Replies").
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': components['schemas']['SendReply'];
        };
      };
      responses: {
        /** @description Sealed and queued to the sender */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ReplySent'];
          };
        };
        /** @description Invalid body, or `from` not a recipient of the message */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The proof does not match the message password */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The message or its account is gone */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Attachments too large */
        413: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The message has had all the replies it takes */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/twilio/status': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Twilio's delivery report for a password SMS (signed by Twilio)
     * @description Form fields MessageSid, MessageStatus, ErrorCode. Only with Twilio configured; a report for an SMS we do not know is taken and ignored.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          'x-twilio-signature'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Taken (applied, already known, or about no SMS of ours) */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Signed, but not a delivery report */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Missing or wrong X-Twilio-Signature: nothing changed */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Twilio is not configured */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{id}/proof': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Proof of sending: who sent what (by SHA-256) to whom, when, and what the relay answered
     * @description Never the password, subject or content. With `Accept: application/pdf` (or `?format=pdf`) a one-page PDF to file.
     */
    get: {
      parameters: {
        query?: {
          format?: 'json' | 'pdf';
          /** @description the PDF's language (default: the message's) */
          lang?: 'de' | 'en';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The proof */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['ProofOfSending'];
            'application/pdf': string;
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such message of yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/messages/{id}/sms/{smsId}/resend': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the password SMS to this phone again (same password; counts against the SMS quota) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          smsId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The message, with the new SMS */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['Message'];
          };
        };
        /** @description Not signed in */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description SMS on the free plan, unverified or suspended: nothing was sent */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description No such SMS of yours */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The SMS is still being sent */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description SMS quota reached */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Problem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors?: {
        path: string;
        message: string;
      }[];
      requestId?: string;
    };
    Account: {
      /** @example acc_3Nq0rT5a2b1c9d8e7f6g5h */
      id: string;
      email: string;
      name: string | null;
      /** @enum {string} */
      plan: 'free' | 'paid';
      verified: boolean;
      receiptMails?: boolean;
    };
    ApiKey: {
      /** @example key_Qm9vb2tzIGFyZSBncmVhdA */
      id: string;
      name: string;
      /** @description the first characters of the key, to tell keys apart */
      prefix: string;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      lastUsedAt: string | null;
    };
    SentMessage: {
      /** @example msg_3Nq0rT5a2b1c9d8e7f6g5h */
      id: string;
      /** @example Kx7m-P2qr-9Tzb-W4nd-Hs3e */
      password: string;
      /**
       * @description sent: every mail and SMS delivered; queued: stored, delivery continues with retries; failed: refused for good
       * @enum {string}
       */
      status: 'sent' | 'queued' | 'failed';
      recipients: components['schemas']['RecipientStatus'][];
      sms: components['schemas']['SmsStatus'][];
    };
    RecipientStatus: {
      address: string;
      /** @enum {string} */
      status: 'queued' | 'sent' | 'failed';
      /** @description the relay's reply (e.g. `550 5.1.1 user unknown`), or why delivery gave up */
      reply?: string | null;
    };
    SmsStatus: {
      /** @description for POST /v1/messages/{id}/sms/{smsId}/resend */
      id: string;
      /** @example +4917055555555 */
      phone: string;
      /**
       * @description queued → sent (Twilio took it) → delivered, or failed; follows Twilio's delivery reports
       * @enum {string}
       */
      status: 'queued' | 'sent' | 'delivered' | 'failed';
      /**
       * @description why it failed: unreachable (30003), unknown_number (30005), landline (30006), filtered (30007), …
       * @enum {string|null}
       */
      reason:
        | 'unreachable'
        | 'unknown_number'
        | 'landline'
        | 'filtered'
        | 'blocked'
        | 'unknown'
        | 'not_sent'
        | null;
      /** @description Twilio's error code of a failed SMS */
      errorCode: number | null;
      /**
       * Format: date-time
       * @description when the status last changed
       */
      updatedAt: string;
    };
    SendMessage: {
      /**
       * @default []
       * @example [
       *       "a@example.org",
       *       "+4917055555555@sms.local"
       *     ]
       */
      to: string[];
      /** @default [] */
      cc: string[];
      /** @default [] */
      bcc: string[];
      /** @example Ihr Befund */
      subject?: string;
      text?: string;
      html?: string;
      /** @default [] */
      attachments: components['schemas']['Attachment'][];
      /**
       * @description phones that get the password by SMS (paid plan)
       * @default []
       * @example [
       *       "0170 5555555"
       *     ]
       */
      sms: string[];
      options?: components['schemas']['SendOptions'];
    };
    Attachment: {
      /** @example Befund.pdf */
      filename: string;
      /** @example application/pdf */
      contentType?: string;
      /** @description the file, base64 */
      content: string;
      /** @description for inline images (cid:…) */
      contentId?: string;
    };
    /**
     * @default {
     *       "zip": "aes256",
     *       "language": "de",
     *       "subjectInClear": false,
     *       "includeOriginal": false
     *     }
     */
    SendOptions: {
      /**
       * @default aes256
       * @enum {string}
       */
      zip: 'aes256' | 'zipcrypto';
      /**
       * @default de
       * @enum {string}
       */
      language: 'de' | 'en';
      /** @default false */
      subjectInClear: boolean;
      /** @default false */
      includeOriginal: boolean;
    };
    MessageList: {
      messages: components['schemas']['Message'][];
      nextCursor: string | null;
    };
    Message: {
      id: string;
      /** Format: date-time */
      createdAt: string;
      subject: string;
      password: string;
      /** @enum {string} */
      status: 'sent' | 'queued' | 'failed';
      recipients: (components['schemas']['RecipientStatus'] & {
        /**
         * @description the relay's reply (e.g. `550 5.1.1 user unknown`), or why delivery gave up
         * @example 250 2.0.0 Ok: queued as 4XyZ
         */
        reply: string | null;
        /** @enum {string} */
        kind: 'to' | 'cc' | 'bcc';
        /**
         * Format: date-time
         * @description when the status last changed
         */
        updatedAt: string;
      })[];
      sms: components['schemas']['SmsStatus'][];
      /** @description set for a recipient's reply from /open (sealed with that message's password): the message it answers */
      replyTo: string | null;
      /** @description ids of the replies to this message, oldest first */
      replies: string[];
    };
    ReplySent: {
      /** @enum {string} */
      status: 'sent' | 'queued' | 'failed';
      /** @description further replies this message still takes */
      repliesLeft: number;
    };
    SendReply: {
      /** @description HMAC-SHA256 proof of the message password over the reply (README "Replies") */
      proof: string;
      /** @description one of the message's recipients; may be left out when it has only one */
      from?: string;
      /** @default  */
      text: string;
      /** @default [] */
      attachments: components['schemas']['ReplyAttachment'][];
    };
    ReplyAttachment: {
      /** @example Frage.pdf */
      filename: string;
      /** @default application/octet-stream */
      contentType: string;
      /** @description the file, base64 */
      content: string;
    };
    ProofOfSending: {
      messageId: string;
      /** Format: date-time */
      generatedAt: string;
      sender: {
        accountId: string;
        address: string;
        name: string | null;
      };
      /** @enum {string} */
      source: 'api' | 'gateway' | 'reply';
      /** @enum {string} */
      status: 'queued' | 'sent' | 'failed';
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description when every recipient and phone had it
       */
      deliveredAt: string | null;
      original: {
        /** @description SHA-256 of the original as received */
        sha256: string;
      };
      sealed: {
        /** @description SHA-256 of exactly the bytes handed to the relay */
        sha256: string | null;
        /** @description Message-ID of the sealed mail */
        messageIdHeader: string;
        /** @enum {string|null} */
        zip: 'aes256' | 'zipcrypto' | null;
        /** @enum {string} */
        pdf: 'aes256';
      };
      recipients: {
        /** @enum {string} */
        kind: 'to' | 'cc' | 'bcc';
        address: string;
        /** @enum {string} */
        status: 'queued' | 'sent' | 'failed';
        /** Format: date-time */
        at: string;
        /** @example 250 2.0.0 Ok: queued as 4XyZ */
        reply: string | null;
      }[];
      sms: {
        phone: string;
        /** @enum {string} */
        status: 'queued' | 'sent' | 'delivered' | 'failed';
        /** Format: date-time */
        at: string;
        /** @enum {string|null} */
        reason:
          | 'unreachable'
          | 'unknown_number'
          | 'landline'
          | 'filtered'
          | 'blocked'
          | 'unknown'
          | 'not_sent'
          | null;
        errorCode: number | null;
      }[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
