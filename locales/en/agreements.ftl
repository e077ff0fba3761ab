agreement-title = Cooperation agreements
agreement-none = No cooperation agreements recorded yet.
agreement-date = Signed on
agreement-scope = Scope
agreement-record = Record the agreement
agreement-error-scope = Describe the scope of the agreement.
agreement-error-organisation = Choose an organisation.
