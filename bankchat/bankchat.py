import reflex as rx
app = rx.App()
app.add_page(lambda: rx.text("hi"), route="/")
