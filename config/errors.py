"""GOV.UK-styled error pages that never echo the record that was asked for."""

from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", {"reason": exception}, status=403)


def server_error(request):
    return render(request, "errors/500.html", status=500)
