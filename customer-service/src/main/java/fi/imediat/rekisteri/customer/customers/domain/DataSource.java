package fi.imediat.rekisteri.customer.customers.domain;

/** The sources of personal data named in the privacy notice §6. */
public enum DataSource {
    SELF,
    REGISTRATION,
    CUSTOMER_SERVICE,
    VTJ,
    TRADE_REGISTER,
    CREDIT_REGISTER
}
