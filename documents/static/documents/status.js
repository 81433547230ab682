// Loaded after htmx on the pages that follow a PDF being made: htmx would otherwise add an
// inline <style> for its request indicators, which the Content-Security-Policy refuses.
window.htmx.config.includeIndicatorStyles = false
