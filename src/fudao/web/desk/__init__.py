"""The service desk's pages: login, a consultant's queue, intake, the case page and list, and the
public inquiry and status pages. Views are thin: they call fudao.cases' services and selectors."""
